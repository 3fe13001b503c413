import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionSize } from '../../../agents/api.js';
import { DreamerAgent } from '../../../agents/dreamer/agent.js';
import { tinyConfig, useCpu } from './helpers.js';

beforeAll(useCpu);

describe('Rssm.imagine', () => {
  it('rolls the prior H steps with the policy, time-major, and changes nothing but the RNG', () => {
    const cfg = tinyConfig();
    const agent = new DreamerAgent(cfg.agent, 3, { kind: 'discrete', n: 2 }, 0);
    const rssm = agent.wm.rssm;
    const H = 4;
    const seen: number[][] = [];
    tf.tidy(() => {
      const start = { deter: tf.randomNormal([3, cfg.agent.rssm.deter], 0, 1, 'float32', 2) as tf.Tensor2D, stoch: rssm.initial(3).stoch };
      const policy = (feat: tf.Tensor2D) => {
        seen.push(feat.shape);
        const a = tf.tensor2d([[1, 0], [0, 1], [1, 0]]);
        return { action: a, input: a };
      };
      const weights = agent.wm.variables();
      const before = [...weights.values()].map((v) => Array.from(v.dataSync()));
      const seq = rssm.imagine(start, policy, H);
      expect(seq.feat).toHaveLength(H + 1);
      expect(seq.action).toHaveLength(H);
      expect(seen).toEqual(Array.from({ length: H }, () => [3, rssm.featSize]));
      // the first feature is the start's; the carry after the last step gives the last feature
      expect(Array.from(seq.feat[0]!.dataSync())).toEqual(Array.from(rssm.feat(start).dataSync()));
      expect(Array.from(seq.feat[H]!.dataSync())).toEqual(Array.from(rssm.feat(seq.last).dataSync()));
      // the next latent is a fresh one-hot draw per group
      const z = seq.last.stoch.arraySync();
      z.forEach((row) => expect(row.reduce((s, v) => s + v, 0)).toBe(cfg.agent.rssm.groups));
      [...weights.values()].forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(before[i]));
    });
  });
});

describe('config slices', () => {
  it('each component reads its own slice of the agent config, not a copy', () => {
    const cfg = tinyConfig().agent;
    const agent = new DreamerAgent(cfg, 3, { kind: 'continuous', dims: 2 }, 0);
    expect(agent.wm.rssm.cfg).toBe(cfg.rssm);
    expect(agent.behavior.cfg).toBe(cfg.behavior);
    expect(agent.behavior.actor.cfg).toBe(cfg.behavior);
    expect(agent.behavior.actorGrad).toBe('dynamics'); // 'auto' resolved for Box actions, the slice untouched
    expect(cfg.behavior.actor_grad).toBe('auto');
  });

  it('action size comes from the spec: n one-hot entries or dims values', () => {
    expect(actionSize({ kind: 'discrete', n: 5 })).toBe(5);
    expect(actionSize({ kind: 'continuous', dims: 3 })).toBe(3);
  });
});
