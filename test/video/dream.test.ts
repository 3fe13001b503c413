import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { DreamModel } from '../../agents/api.js';
import { dreamOpenLoop } from '../../agents/dreamer/dream.js';
import { WorldModel } from '../../agents/dreamer/world-model.js';
import { tinyConfig } from '../agents/dreamer/helpers.js';
import { TensorRng } from '../../src/tensor/index.js';
import { dreamRollout, type RealEpisode } from '../../src/video/dream.js';

const OBS = 3;
const ACT = 2;
const T = 12;
const CONFIG = tinyConfig('agent.rssm.latent=gaussian', 'agent.rssm.size=4', 'agent.rssm.deter=16', 'agent.rssm.hidden=16', 'agent.mlp.layers=1', 'agent.mlp.units=16').agent;

/** A fresh model with fixed weights and sampling stream, so two rollouts are comparable. */
const model = (): DreamModel => {
  const wm = new WorldModel(CONFIG, OBS, ACT, new TensorRng(42));
  return { predict: (ep, context, horizon) => dreamOpenLoop(wm, ep, context, horizon) };
};

function episode(shift = 0, shiftFrom = 0, actionShift = 0, actionFrom = T): RealEpisode {
  return {
    obs: Array.from({ length: T }, (_, t) => Float32Array.from({ length: OBS }, (_, d) => Math.sin(t + d) + (t >= shiftFrom ? shift : 0))),
    actions: Array.from({ length: T }, (_, t) => (t === 0 ? new Float32Array(ACT) : Float32Array.of(t % 2, 1 - (t % 2) + (t >= actionFrom ? actionShift : 0)))),
    rewards: Array.from({ length: T }, (_, t) => (t === 0 ? 0 : t / 10)),
  };
}

describe('dreamRollout', () => {
  it('predicts H steps after the context, aligned with reality, and reports the mean absolute error per step', () => {
    const r = dreamRollout(model(), episode(), 4, 5);
    expect([r.context, r.horizon, r.predObs.length, r.predObs[0]!.length]).toEqual([4, 5, 5, 3]);
    expect(r.realObs[0]).toEqual(Array.from(episode().obs[4]!));
    expect(r.realReward).toEqual([0.4, 0.5, 0.6, 0.7, 0.8]);
    const mae = r.predObs[2]!.reduce((s, v, d) => s + Math.abs(v - r.realObs[2]![d]!), 0) / OBS;
    expect(r.obsError[2]).toBeCloseTo(mae, 12);
    expect(r.predCont.every((c) => c > 0 && c < 1)).toBe(true);
    // the horizon is cut at the end of the episode
    expect(dreamRollout(model(), episode(), 8, 50).horizon).toBe(T - 8);
  });

  it('is open loop: observations after the context do not change the prediction, actions and context do', () => {
    const base = dreamRollout(model(), episode(), 4, 6).predObs;
    expect(dreamRollout(model(), episode(5, 4), 4, 6).predObs).toEqual(base); // reality after the context
    expect(dreamRollout(model(), episode(5, 2), 4, 6).predObs).not.toEqual(base); // inside the context
    expect(dreamRollout(model(), episode(0, 0, 3, 6), 4, 6).predObs[1]).toEqual(base[1]); // a_6 leads to o_6 (k = 2)
    expect(dreamRollout(model(), episode(0, 0, 3, 6), 4, 6).predObs[2]).not.toEqual(base[2]);
  });

  it('rejects a context that leaves nothing to predict, and leaks no tensors', () => {
    const wm = model();
    const before = tf.memory().numTensors;
    dreamRollout(wm, episode(), 3, 4);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => dreamRollout(wm, episode(), T, 4)).toThrow(/--context 12 must be between 1 and 11/);
  });
});
