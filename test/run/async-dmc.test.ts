import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { makeEnvs } from '../../src/run/setup.js';
import { makeVec } from '../../src/env/vector/make-vec.js';
import type { VectorEnv } from '../../src/env/vector/vector-env.js';
import '../../envs/register.js';
import { SMOKE } from './smoke-config.js';

/** Steps both vector envs with the same actions; returns [obs, rewards, truncations] of each step, as plain arrays. */
function rollout(venv: VectorEnv, steps: number): number[][] {
  const out: number[][] = [];
  const n = venv.numEnvs;
  out.push(Array.from(venv.reset({ seed: 3 }).obs as ArrayLike<number>));
  for (let t = 0; t < steps; t++) {
    const action = Float64Array.from({ length: n }, (_, i) => Math.sin(0.5 * t + i));
    const r = venv.step(action);
    out.push(Array.from(r.obs as ArrayLike<number>), Array.from(r.rewards), Array.from(r.truncations));
  }
  return out;
}

describe('DMC ids in worker threads (env.vectorization=async)', () => {
  it('2 sub-envs with action repeat 2 give the observations, rewards and truncations of in-process sub-envs', async () => {
    const base = [...SMOKE, 'env.id=dm_control/cartpole-swingup-v0', 'env.action_repeat=2', 'env.max_episode_steps=9'];
    const { venv: async } = await makeEnvs(loadConfig({ overrides: [...base, 'env.vectorization=async'] }), 2);
    const { venv: sync } = await makeEnvs(loadConfig({ overrides: [...base, 'env.vectorization=sync'] }), 2);
    try {
      // The Dict (position [3], velocity [2]) is flattened in key order for the agent: 5 numbers per sub-env.
      expect(async.singleObservationSpace.toString()).toBe(sync.singleObservationSpace.toString());
      expect(async.singleObservationSpace.toString()).toMatch(/^Box\(.*\(5,\), float64\)$/);
      const a = rollout(async, 7);
      const s = rollout(sync, 7);
      expect(a).toEqual(s);
      // 9 control steps at repeat 2: the fifth agent step truncates (after 1 control step), the next one resets.
      expect(a[3 * 5]).toEqual([1, 1]);
    } finally {
      async.close();
      sync.close();
    }
  }, 60_000);

  it('workerWrappers are for worker threads: in-process sub-envs refuse them, naming wrappers', () => {
    expect(() => makeVec('CartPole-v1', { vectorizationMode: 'sync', workerWrappers: [{ kind: 'ActionRepeat', repeat: 2 }] })).toThrow(/workerWrappers are for vectorizationMode 'async'.*\(wrappers\)/);
  });
});
