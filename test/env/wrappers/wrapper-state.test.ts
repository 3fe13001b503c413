import { describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { make } from '../../../src/env/make.js';
import { SyncVectorEnv } from '../../../src/env/vector/sync-vector-env.js';
import { captureWrappers, restoreWrappers } from '../../../src/env/wrapper-state.js';
import { ActionRepeat } from '../../../src/env/wrappers/index.js';
import type { Env } from '../../../src/env/env.js';

/** The step on which `env` truncates, stepping action 0 (at most `limit` steps). */
function truncatesAt(env: Env, limit: number): number {
  for (let t = 1; t <= limit; t++) if (env.step(0).truncated) return t;
  return -1;
}

describe('wrapper state for checkpoints', () => {
  it("TimeLimit's count and OrderEnforcing's flag move to a freshly reset stack: it truncates where the saved one would", () => {
    const saved = make('MountainCar-v0', { maxEpisodeSteps: 10 });
    saved.reset({ seed: 1 });
    for (let t = 0; t < 4; t++) saved.step(1);
    const states = captureWrappers(saved);
    expect(states).toContainEqual({ elapsedSteps: 4 });
    expect(states).toContainEqual({ hasReset: true });

    const fresh = make('MountainCar-v0', { maxEpisodeSteps: 10 });
    fresh.reset({ seed: 2 });
    expect(restoreWrappers(fresh, JSON.parse(JSON.stringify(states)) as typeof states)).toBeUndefined();
    expect(truncatesAt(fresh, 10)).toBe(6);
    expect(truncatesAt(saved, 10)).toBe(6);
  });

  it('a stack of another shape is reported, not restored', () => {
    const states = captureWrappers(make('MountainCar-v0', { maxEpisodeSteps: 10 }));
    expect(restoreWrappers(new ActionRepeat(make('MountainCar-v0', { maxEpisodeSteps: 10 }), 2), states)).toMatch(/wrapper layers were saved, this env has/);
  });

  it("SyncVectorEnv's pending NextStep autoresets can be read and set", () => {
    const venv = new SyncVectorEnv([() => make('CartPole-v1', { maxEpisodeSteps: 2 }), () => make('CartPole-v1', { maxEpisodeSteps: 5 })]);
    venv.reset({ seed: 0 });
    venv.step([0, 0]);
    venv.step([0, 0]);
    expect(venv.pendingResets).toEqual([true, false]);
    venv.pendingResets = [false, true];
    const r = venv.step([0, 0]);
    // sub-env 1 resets (reward 0, not truncated), sub-env 0 steps on past its limit (truncated again).
    expect([r.rewards[0], r.rewards[1]]).toEqual([1, 0]);
    expect([Boolean(r.truncations[0]), Boolean(r.truncations[1])]).toEqual([true, false]);
  });
});
