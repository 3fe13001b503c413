import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DreamerAgent } from '../../../agents/dreamer/agent.js';
import { resolveActorGrad } from '../../../agents/dreamer/behavior.js';
import { tinyConfig, toyBatch, useCpu } from './helpers.js';

beforeAll(useCpu);

describe('imagination and the actor-critic', () => {
  it.each([
    ['discrete', { kind: 'discrete', n: 2 } as const, 2],
    ['continuous', { kind: 'continuous', dims: 3 } as const, 3],
  ])('imagines H steps from every posterior state (%s actions)', (_name, spec, actionSize) => {
    const cfg = tinyConfig();
    const agent = new DreamerAgent(cfg.agent, 3, spec, 0);
    const batch = toyBatch(4, 8);
    const { start, startCont } = agent.trainModel({ ...batch, action: new Float32Array(4 * 8 * actionSize) , actionDim: actionSize });
    const n = 4 * 8;
    const h = cfg.agent.behavior.horizon;
    const traj = tf.tidy(() => {
      const t = agent.behavior.imagine(start, startCont);
      return [t.feat.shape, t.action.shape, t.returns.shape, t.values.shape, t.weights.shape, Array.from(t.weights.dataSync())] as never;
    }) as unknown as [number[], number[], number[], number[], number[], number[]];
    const feat = cfg.agent.rssm.deter + cfg.agent.rssm.groups * cfg.agent.rssm.classes;
    expect(traj[0]).toEqual([h * n, feat]);
    expect(traj[1]).toEqual([h * n, actionSize]);
    for (const shape of traj.slice(2, 5)) expect(shape).toEqual([h * n]);
    // Weights start at the start state's continue flag (0 on a terminal state) and never grow along time.
    const weights = traj[5];
    startCont.dataSync().forEach((c, i) => expect(weights[i]).toBeCloseTo(c, 6));
    for (let k = 1; k < h; k++) for (let i = 0; i < n; i++) expect(weights[k * n + i]!).toBeLessThanOrEqual(weights[(k - 1) * n + i]! + 1e-6);
    tf.dispose([start.deter, start.stoch, startCont]);
  });

  it.each(['reinforce', 'dynamics'])('trains actor and critic with %s gradients and keeps numTensors flat', (grad) => {
    const cfg = tinyConfig(`agent.behavior.actor_grad=${grad}`);
    const agent = new DreamerAgent(cfg.agent, 3, { kind: 'continuous', dims: 2 }, 0);
    const batch = toyBatch();
    agent.train(batch);
    const before = tf.memory().numTensors;
    let m: Record<string, number> = {};
    for (let i = 0; i < 3; i++) m = agent.train(batch);
    expect(tf.memory().numTensors).toBe(before);
    expect(m['grad_norm/actor']).toBeGreaterThan(0);
    expect(m['grad_norm/critic']).toBeGreaterThan(0);
  });

  it('actor_grad auto backprops through the dynamics for Box actions and uses REINFORCE for discrete ones', () => {
    expect(resolveActorGrad('auto', { kind: 'continuous', dims: 1 })).toBe('dynamics');
    expect(resolveActorGrad('auto', { kind: 'discrete', n: 3 })).toBe('reinforce');
    expect(resolveActorGrad('reinforce', { kind: 'continuous', dims: 1 })).toBe('reinforce');
    const agent = new DreamerAgent(tinyConfig().agent, 3, { kind: 'continuous', dims: 2 }, 0);
    expect(agent.behavior.actorGrad).toBe('dynamics');
  });

  it('policy keeps numTensors flat and resets its carry where an episode starts', () => {
    const cfg = tinyConfig();
    const agent = new DreamerAgent(cfg.agent, 3, { kind: 'discrete', n: 2 }, 0);
    const obs = Float32Array.from([0.1, 0.2, 0.3, -0.1, -0.2, -0.3]);
    let out = agent.policy(obs, [true, true], undefined, 'eval');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) out = agent.policy(obs, [false, false], out.state, 'eval');
    expect(tf.memory().numTensors).toBe(before);
    // Resetting both rows gives the same deterministic state as a fresh start.
    const fresh = agent.policy(obs, [true, true], undefined, 'eval');
    const reset = agent.policy(obs, [true, true], out.state, 'eval');
    expect(Array.from(reset.state.latent.deter.dataSync())).toEqual(Array.from(fresh.state.latent.deter.dataSync()));
    for (const a of [fresh.action, reset.action]) expect(a[0]! + a[1]!).toBe(1);
  });
});
