import { afterEach, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { make } from '../../../src/env/make.js';
import { CartPoleVectorEnv } from '../../../envs/classic/cartpole-vector.js';
import { makeVec, SyncVectorEnv, type VectorEnv } from '../../../src/env/vector/index.js';
import { VectorEnvError } from '../../../src/util/errors.js';

const opened: VectorEnv[] = [];
afterEach(() => {
  while (opened.length > 0) opened.pop()!.close();
});

/** Runs `steps` steps with a fixed action schedule and returns everything observed, as plain numbers. */
function rollout(envs: VectorEnv, seed: number, steps: number, action: (t: number) => unknown): number[][] {
  const out: number[][] = [Array.from(envs.reset({ seed }).obs as Float32Array)];
  for (let t = 0; t < steps; t++) {
    const s = envs.step(action(t) as never);
    out.push([...(s.obs as Float32Array), ...s.rewards, ...s.terminations, ...s.truncations]);
  }
  return out;
}

describe('makeVec on classic envs', () => {
  it('CartPole-v1: async equals sync for the same seeds, through terminations and autoresets', () => {
    const sync = makeVec('CartPole-v1', { numEnvs: 2, vectorizationMode: 'sync' });
    const asyncEnvs = makeVec('CartPole-v1', { numEnvs: 2, vectorizationMode: 'async' });
    opened.push(sync, asyncEnvs);
    const policy = (t: number) => Float64Array.from([t % 2, (t >> 2) % 2]);
    const a = rollout(sync, 42, 120, policy);
    expect(rollout(asyncEnvs, 42, 120, policy)).toEqual(a);
    expect(a.some((row) => row[10] === 1 || row[11] === 1)).toBe(true); // some sub-env terminated
    // Sub-env i starts like a single env reset with seed 42 + i.
    for (let i = 0; i < 2; i++) expect(a[0].slice(4 * i, 4 * i + 4)).toEqual(Array.from(make('CartPole-v1').reset({ seed: 42 + i }).obs as Float32Array));
  });

  it('Pendulum-v1: float32 Box actions batch per row, async equals sync', () => {
    const sync = makeVec('Pendulum-v1', { numEnvs: 2, g: 9.81 });
    const asyncEnvs = makeVec('Pendulum-v1', { numEnvs: 2, g: 9.81, vectorizationMode: 'async' });
    opened.push(sync, asyncEnvs);
    expect(sync.singleActionSpace.toString()).toBe(make('Pendulum-v1').actionSpace.toString());
    const policy = (t: number) => Float32Array.from([Math.sin(t) * 2, Math.cos(t) * 3]);
    expect(rollout(asyncEnvs, 7, 40, policy)).toEqual(rollout(sync, 7, 40, policy));
  });

  it("defaults to the id's vector entry point when it has one (as Gymnasium), else to sync", () => {
    const cartpole = makeVec('CartPole-v1', { numEnvs: 3, maxEpisodeSteps: 7 });
    const pendulum = makeVec('Pendulum-v1', { numEnvs: 2 });
    opened.push(cartpole, pendulum);
    expect(cartpole).toBeInstanceOf(CartPoleVectorEnv);
    expect((cartpole as CartPoleVectorEnv).maxEpisodeSteps).toBe(7);
    expect(cartpole.numEnvs).toBe(3);
    expect(pendulum).toBeInstanceOf(SyncVectorEnv);
    expect(() => makeVec('Pendulum-v1', { vectorizationMode: 'vectorEntryPoint' })).toThrow(/no vector entry point/);
    expect(() => makeVec('CartPole-v1', { autoresetMode: 'SameStep' })).toThrow(/vectorizationMode 'sync'/);
  });

  it('rejects bad makeVec options', () => {
    expect(() => makeVec('CartPole-v1', { numEnvs: 0 })).toThrow(VectorEnvError);
    expect(() => makeVec('CartPole-v1', { vectorizationMode: 'threads' as never })).toThrow(/'sync', 'async' or 'vectorEntryPoint'/);
    expect(() => makeVec('CartPole-v1', { vectorizationMode: 'async', wrappers: [(e) => e] })).toThrow(/cannot be sent to worker/);
  });
});
