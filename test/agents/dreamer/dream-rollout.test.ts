import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dreamRollout } from '../../../agents/dreamer/dream-rollout.js';
import { WorldModel } from '../../../agents/dreamer/world-model.js';
import { TensorRng } from '../../../src/tensor/index.js';
import { symexp } from '../../../src/tensor/math/symlog.js';
import { tinyConfig, useCpu } from './helpers.js';

beforeAll(useCpu);

const [OBS, ACT, C, H] = [3, 2, 4, 5];
const obs = Array.from({ length: C + H }, (_, t) => Float32Array.from({ length: OBS }, (_, d) => 3 * Math.sin(t + d)));
const actions = Array.from({ length: C + H }, (_, t) => (t === 0 ? new Float32Array(ACT) : Float32Array.of(t % 2, 1 - (t % 2))));

/** The step-by-step loop `dreamer dream` ran before (src/video/dream.ts), as the reference. */
function stepByStep(wm: WorldModel): number[][][] {
  const out = tf.tidy(() => {
    let state = wm.rssm.initial(1);
    for (let t = 0; t < C; t++) {
      const embed = wm.embed(tf.tensor2d(obs[t]!, [1, OBS]));
      state = wm.rssm.obsStep(state, tf.tensor2d(actions[t]!, [1, ACT]), embed, tf.tensor1d([t === 0 ? 1 : 0])).state;
    }
    const feats: tf.Tensor2D[] = [];
    for (let k = 0; k < H; k++) {
      state = wm.rssm.imgStep(state, tf.tensor2d(actions[C + k]!, [1, ACT]));
      feats.push(wm.rssm.feat(state));
    }
    const feat = tf.concat(feats, 0) as tf.Tensor2D;
    return [symexp(wm.decoder!.apply(feat)), tf.expandDims(wm.reward(feat), 1), tf.expandDims(wm.contProb(feat), 1)];
  });
  return out.map((t) => t.arraySync() as number[][]);
}

describe('dreamRollout (built on Rssm.observe and Rssm.imagine)', () => {
  it.each(['categorical', 'gaussian'])('predicts what the step-by-step loop predicts, in the env scale (%s latent)', (latent) => {
    const cfg = tinyConfig(`agent.rssm.latent=${latent}`).agent;
    const before = tf.memory().numTensors;
    const got = dreamRollout(new WorldModel(cfg, OBS, ACT, new TensorRng(3)), obs.slice(0, C), actions);
    const [wantObs, wantReward, wantCont] = stepByStep(new WorldModel(cfg, OBS, ACT, new TensorRng(3)));
    expect([got.obs.length, got.obs[0]!.length, got.reward.length, got.cont.length]).toEqual([H, OBS, H, H]);
    got.obs.forEach((row, k) => row.forEach((v, d) => expect(v).toBeCloseTo(wantObs![k]![d]!, 5)));
    got.reward.forEach((v, k) => expect(v).toBeCloseTo(wantReward![k]![0]!, 5));
    got.cont.forEach((v, k) => expect(v).toBeCloseTo(wantCont![k]![0]!, 5));
    expect(got.obs.flat().some((v) => Math.abs(v) > 1.5)).toBe(true); // symexp applied: symlog(3) ≈ 1.39 would not reach this
    expect(tf.memory().numTensors).toBeGreaterThan(before); // the two models' variables; the rollout itself is tidied
  });

  it('names the problem when nothing is left to predict', () => {
    const wm = new WorldModel(tinyConfig().agent, OBS, ACT, new TensorRng(3));
    expect(() => dreamRollout(wm, obs.slice(0, C), actions.slice(0, C))).toThrow(/one action after it.*4 observations, 4 actions/);
  });
});
