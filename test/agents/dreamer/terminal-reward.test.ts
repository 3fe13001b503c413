/**
 * Rewards that come only at the end of an episode (bsuite's catch, MountainCarContinuous' +100 at the goal): the
 * world model must predict them at the terminal state, and the imagined returns must carry them although the
 * continue head says 0 there (issue 14's first check).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DreamerAgent } from '../../../agents/dreamer/agent.js';
import { scoreImagination } from '../../../agents/dreamer/behavior.js';
import type { Critic } from '../../../agents/dreamer/critic.js';
import type { ImaginedSequence } from '../../../agents/dreamer/rssm.js';
import type { WorldModel } from '../../../agents/dreamer/world-model.js';
import type { SequenceBatch } from '../../../src/replay/index.js';
import { tinyConfig, useCpu } from './helpers.js';

beforeAll(useCpu);

/**
 * Episodes of T steps: the observation is [cue, t/T] with a cue of ±1 fixed per row; the reward is 0 on every step
 * but the last, where it is the cue, and the last step is a termination (the layout of a catch episode's replay).
 */
function sparseBatch(b: number, t: number): SequenceBatch {
  const obsDim = 2;
  const batch: SequenceBatch = {
    batchSize: b,
    seqLen: t,
    obsDim,
    actionDim: 2,
    obs: new Float32Array(b * t * obsDim),
    action: new Float32Array(b * t * 2),
    reward: new Float32Array(b * t),
    isFirst: new Float32Array(b * t),
    isLast: new Float32Array(b * t),
    isTerminal: new Float32Array(b * t),
    cont: new Float32Array(b * t),
  };
  for (let i = 0; i < b; i++) {
    const cue = i % 2 === 0 ? 1 : -1;
    for (let j = 0; j < t; j++) {
      const row = i * t + j;
      batch.obs.set([cue, j / t], row * obsDim);
      if (j > 0) batch.action[row * 2 + ((i + j) % 2)] = 1;
      const last = j === t - 1 ? 1 : 0;
      batch.reward[row] = last ? cue : 0;
      batch.isFirst[row] = j === 0 ? 1 : 0;
      batch.isLast[row] = last;
      batch.isTerminal[row] = last;
      batch.cont[row] = 1 - last;
    }
  }
  return batch;
}

describe('a reward given only at the terminal step', () => {
  it('is what the reward head predicts at the terminal state, and the continue head says 0 there', { timeout: 60_000 }, () => {
    const b = 4;
    const t = 6;
    const agent = new DreamerAgent(tinyConfig('agent.model.lr=1.0e-2').agent, 2, { kind: 'discrete', n: 2 }, 0);
    const batch = sparseBatch(b, t);
    // On one fixed batch of a tiny model at lr 1e-2 the terminal rewards are learned between 100 and 200 updates
    // (at 50 they are still 0.06 / -0.29): the zero-initialised two-hot head starts every prediction at 0.
    for (let i = 0; i < 200; i++) {
      const { start, startCont } = agent.trainModel(batch);
      tf.dispose([start.deter, start.stoch, startCont]);
    }
    const { start, startCont } = agent.trainModel(batch);
    const [reward, cont] = tf.tidy(() => {
      const feat = agent.wm.rssm.feat(start); // [T*B, F], time-major
      return [agent.wm.reward(feat).arraySync(), agent.wm.contProb(feat).arraySync()];
    });
    tf.dispose([start.deter, start.stoch, startCont]);
    for (let i = 0; i < b; i++) {
      const cue = i % 2 === 0 ? 1 : -1;
      const terminal = (t - 1) * b + i;
      expect(Math.abs(reward[terminal]! - cue)).toBeLessThan(0.4);
      expect(cont[terminal]!).toBeLessThan(0.2);
      for (let j = 1; j < t - 1; j++) {
        expect(Math.abs(reward[j * b + i]!)).toBeLessThan(0.25);
        expect(cont[j * b + i]!).toBeGreaterThan(0.8);
      }
    }
  });

  it('reaches the lambda-returns of every earlier imagined step although the continue flag is 0 at that step', () => {
    // Imagined steps 1..3 of one trajectory: rewards 0, 0, +1, continue 1, 1, 0 (step 3 terminates with +1).
    // reward[k] and cont[k] belong to step k+1, so R_2 = r_3 = 1, R_1 = γ R_2, R_0 = γ² R_2 with λ = 1.
    const h = 3;
    const gamma = 0.9;
    const rewards = [0, 0, 1];
    const conts = [1, 1, 0];
    let call = 0;
    const feats = Array.from({ length: h + 1 }, (_, k) => tf.fill([1, 1], k) as tf.Tensor2D);
    const wm = {
      reward: () => tf.tensor1d(rewards.slice(0, h)),
      contProb: () => tf.tensor1d(conts.slice(0, h)),
    } as unknown as WorldModel;
    const critic = {
      // values: 5 everywhere, so a return that bootstraps instead of taking the terminal reward would show it
      value: (feat: tf.Tensor2D) => (call++, tf.fill([feat.shape[0]], 5) as tf.Tensor1D),
    } as unknown as Critic;
    const seq = { feat: feats, action: Array.from({ length: h }, () => tf.zeros([1, 1]) as tf.Tensor2D) } as unknown as ImaginedSequence;
    const out = scoreImagination(wm, critic, seq, tf.ones([1]) as tf.Tensor1D, { gamma, lambda: 1 });
    const returns = Array.from(out.returns.dataSync());
    expect(call).toBeGreaterThan(0);
    expect(returns[2]).toBeCloseTo(1, 6);
    expect(returns[1]).toBeCloseTo(gamma, 6);
    expect(returns[0]).toBeCloseTo(gamma * gamma, 6);
    // The weights of steps 0..2 are 1, γ·c_1, γ²·c_1·c_2: the terminal step's own weight is not cut by its flag.
    expect(Array.from(out.weights.dataSync())).toEqual([1, expect.closeTo(gamma, 6), expect.closeTo(gamma * gamma, 6)]);
  });
});
