import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import type { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { makeAsync } from '../../../src/env/make.js';

describe('bad input to the DMC envs', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('an unknown task or domain gets the registry\'s "did you mean" with the right id first', async () => {
    await expect(makeAsync('dm_control/walker-wlak-v0')).rejects.toThrow(/`dm_control\/walker-wlak` doesn't exist\. Did you mean: `dm_control\/walker-walk-v0`/);
    await expect(makeAsync('dm_control/walkr-walk-v0')).rejects.toThrow(/`dm_control\/walkr-walk` doesn't exist\. Did you mean: `dm_control\/walker-walk-v0`/);
    await expect(makeAsync('dm_control/cheetah-walk-v0')).rejects.toThrow(/Did you mean: `dm_control\/cheetah-run-v0`/);
    await expect(makeAsync('dm_control/walker-walk-v1')).rejects.toThrow(/version v1 for `dm_control\/walker-walk` doesn't exist; available: v0/);
  });

  it('walker (contacts, 10 sub-steps): a NaN action is an InvalidActionError; an absurd velocity an EnvError with task, step and state', async () => {
    const env = await makeAsync('dm_control/walker-walk-v0');
    try {
      env.reset({ seed: 0 });
      const action = new Float64Array(6).fill(0.2);
      env.step(action);
      action[3] = Number.NaN;
      let thrown: unknown;
      try {
        env.step(action);
      } catch (e) {
        thrown = e;
      }
      expect((thrown as Error).name).toBe('InvalidActionError');
      expect((thrown as Error).message).toMatch(/dm_control\/walker-walk-v0: action\[3\] is NaN at step 1/);
      // MuJoCo flags the velocity (beyond its 1e10 bound) and resets the data; the env says so instead of stepping on.
      const physics = (env.unwrapped as DmcEnv).physics;
      physics.qvel[2] = 1e12;
      action[3] = 0;
      try {
        env.step(action);
        thrown = undefined;
      } catch (e) {
        thrown = e;
      }
      expect((thrown as Error).name).toBe('EnvError');
      expect((thrown as Error).message).toMatch(/^dm_control\/walker-walk-v0: the physics diverged at step 2 \(qpos \[[^\]]+\], qvel \[[^\]]+\]\); reset the env/);
      // A reset clears MuJoCo's warnings: the env is usable again.
      env.reset({ seed: 1 });
      const { reward } = env.step(new Float64Array(6));
      expect(reward).toBeGreaterThanOrEqual(0);
    } finally {
      env.close();
    }
  });
});
