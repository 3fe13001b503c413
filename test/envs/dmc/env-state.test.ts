import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import type { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { makeAsync } from '../../../src/env/make.js';

/** Deterministic actions in [-1, 1] (a sine per actuator), the same for both envs. */
function action(step: number, size: number): Float64Array {
  return Float64Array.from({ length: size }, (_, i) => Math.sin(0.37 * step + 1.3 * i));
}

type Unwrapped = DmcEnv;

describe('a DMC env\'s `state` (what checkpoints save)', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  // Cartpole is RK4; reacher and finger-turn move their targets each episode (model fields); walker has contacts.
  it.each(['dm_control/cartpole-swingup-v0', 'dm_control/reacher-hard-v0', 'dm_control/finger-turn_easy-v0', 'dm_control/walker-walk-v0'])(
    '%s: restored mid-episode into an env of another episode, the next steps are the same bit for bit',
    async (id) => {
      const a = await makeAsync(id);
      const b = await makeAsync(id);
      try {
        const ua = a.unwrapped as Unwrapped;
        const ub = b.unwrapped as Unwrapped;
        const nu = ua.actionSpace.shape[0]!;
        expect(ua.state).toBeUndefined();
        a.reset({ seed: 1 });
        for (let t = 0; t < 37; t++) a.step(action(t, nu));
        // Through JSON, as run.json holds it.
        const saved = JSON.parse(JSON.stringify(Array.from(ua.state!))) as number[];
        const obsA = ua.step(action(37, nu)).obs;
        b.reset({ seed: 2 });
        b.step(action(0, nu));
        ub.state = saved;
        expect(Array.from(ub.state!)).toEqual(saved);
        const obsB = ub.step(action(37, nu)).obs;
        expect(obsB).toEqual(obsA);
        for (let t = 38; t < 60; t++) {
          const ra = ua.step(action(t, nu));
          const rb = ub.step(action(t, nu));
          expect(rb.reward).toBe(ra.reward);
          expect(rb.obs).toEqual(ra.obs);
        }
        expect(Array.from(ub.state!)).toEqual(Array.from(ua.state!));
      } finally {
        a.close();
        b.close();
      }
    },
  );

  it('refuses a state of another task, naming both sizes', async () => {
    const cart = await makeAsync('dm_control/cartpole-swingup-v0');
    const walker = await makeAsync('dm_control/walker-walk-v0');
    try {
      cart.reset({ seed: 0 });
      walker.reset({ seed: 0 });
      const u = walker.unwrapped as Unwrapped;
      expect(() => (u.state = (cart.unwrapped as Unwrapped).state)).toThrow(/a state of \d+ numbers cannot be restored/);
      expect(() => (u.state = [1, 2, 3])).toThrow(/dm_control\/walker-walk-v0: a state of 3 numbers cannot be restored; this env's has \d+/);
    } finally {
      cart.close();
      walker.close();
    }
  });
});
