import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { CARTPOLE, CartpoleTask, cartpoleReward } from '../../../envs/dmc/cartpole.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { DMC_TASKS } from '../../../envs/dmc/register.js';
import { make, makeAsync } from '../../../src/env/make.js';

describe('cartpole rewards at hand-computed states', () => {
  const s = { cartPosition: 0, poleCosine: 1, angularVelocity: 0, control: 0 };

  it('smooth: 1 upright, centred and still; 0 hanging down; the product of the four factors between', () => {
    expect(cartpoleReward(s, false)).toBe(1);
    expect(cartpoleReward({ ...s, poleCosine: -1 }, false)).toBe(0);
    // upright (0+1)/2, centred (1+0.1)/2 at one margin (2 m), control (4+0)/5 at |u| = 1, velocity (1+0.1)/2 at 5 rad/s.
    expect(cartpoleReward({ cartPosition: 2, poleCosine: 0, angularVelocity: -5, control: 1 }, false)).toBeCloseTo(0.5 * 0.55 * 0.8 * 0.55, 12);
    // Half the control margin: quadratic 1 - 0.5² = 0.75.
    expect(cartpoleReward({ ...s, control: -0.5 }, false)).toBeCloseTo((4 + 0.75) / 5, 12);
  });

  it('sparse: 1 exactly inside |x| <= 0.25 and cos >= 0.995, else 0', () => {
    expect(cartpoleReward({ ...s, cartPosition: 0.25, poleCosine: 0.995 }, true)).toBe(1);
    expect(cartpoleReward({ ...s, cartPosition: -0.2501 }, true)).toBe(0);
    expect(cartpoleReward({ ...s, poleCosine: 0.9949 }, true)).toBe(0);
    expect(cartpoleReward({ ...s, angularVelocity: 100, control: 1 }, true)).toBe(1);
  });
});

describe('the cartpole envs', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('registers the four ids with 1000-step limits, made through makeAsync (make says to use it)', async () => {
    expect(DMC_TASKS.map((t) => t.id).filter((id) => id.startsWith('dm_control/cartpole-'))).toEqual([
      'dm_control/cartpole-balance-v0', 'dm_control/cartpole-balance_sparse-v0', 'dm_control/cartpole-swingup-v0', 'dm_control/cartpole-swingup_sparse-v0',
    ]);
    expect(() => make('dm_control/cartpole-swingup-v0')).toThrow(/makeAsync/);
    const env = await makeAsync('dm_control/cartpole-swingup-v0');
    try {
      expect(env.spec?.maxEpisodeSteps).toBe(1000);
      env.reset({ seed: 1 });
      let last = { terminated: true, truncated: false };
      for (let t = 0; t < 1000; t++) last = env.step(new Float64Array([0.5]));
      expect(last).toMatchObject({ terminated: false, truncated: true });
    } finally {
      env.close();
    }
  });

  it('has dm_control\'s spaces and observation layout, read from the state', () => {
    const env = new DmcEnv(new CartpoleTask('balance'));
    try {
      expect(Object.keys(env.observationSpace.spaces)).toEqual(['position', 'velocity']);
      expect(env.observationSpace.spaces.position?.shape).toEqual([3]);
      expect(env.observationSpace.spaces.velocity?.shape).toEqual([2]);
      expect(env.actionSpace.dtype).toBe('float64');
      expect(Array.from(env.actionSpace.low)).toEqual([-1]);
      expect(Array.from(env.actionSpace.high)).toEqual([1]);
      expect(env.controlTimestep).toBe(CARTPOLE.timestep);
      const { obs, info } = env.reset({ seed: 3 });
      const [x, theta] = env.physics.qpos;
      expect(obs.position?.[0]).toBe(x);
      expect(obs.position?.[1]).toBeCloseTo(Math.cos(theta as number), 12);
      expect(obs.position?.[2]).toBeCloseTo(Math.sin(theta as number), 12);
      expect(Array.from(obs.velocity ?? [])).toEqual(Array.from(env.physics.qvel));
      expect(info.time).toBe(0);
      const step = env.step([0.2]);
      expect(step.info.time).toBeCloseTo(0.01, 12);
      expect(step.reward).toBeGreaterThan(0.5); // near upright at the start of balance
      expect(step.reward).toBeLessThanOrEqual(1);
    } finally {
      env.close();
    }
  });

  it('randomises the start as dm_control does, reproducibly per seed', () => {
    const balance = new DmcEnv(new CartpoleTask('balance'));
    const swingup = new DmcEnv(new CartpoleTask('swingup'));
    try {
      for (let seed = 0; seed < 20; seed++) {
        balance.reset({ seed });
        const [x, th] = balance.physics.qpos;
        expect(Math.abs(x as number)).toBeLessThanOrEqual(0.1);
        expect(Math.abs(th as number)).toBeLessThanOrEqual(0.034);
        swingup.reset({ seed });
        const [sx, sth] = swingup.physics.qpos;
        expect(Math.abs(sx as number)).toBeLessThan(0.06);
        expect(Math.abs((sth as number) - Math.PI)).toBeLessThan(0.06);
        for (const v of swingup.physics.qvel) expect(Math.abs(v)).toBeLessThan(0.06);
      }
      const a = swingup.reset({ seed: 7 }).obs;
      swingup.reset({ seed: 8 });
      const b = swingup.reset({ seed: 7 }).obs;
      expect(Array.from(b.position ?? [])).toEqual(Array.from(a.position ?? []));
      expect(Array.from(b.velocity ?? [])).toEqual(Array.from(a.velocity ?? []));
      expect(swingup.reset({ seed: 8 }).obs.position?.[0]).not.toBe(a.position?.[0]);
    } finally {
      balance.close();
      swingup.close();
    }
  });

  it('resumes exactly mid-episode from physics.getState()', () => {
    const env = new DmcEnv(new CartpoleTask('swingup'));
    try {
      env.reset({ seed: 0 });
      for (let t = 0; t < 50; t++) env.step([Math.sin(t)]);
      const saved = env.physics.getState();
      const rest = (): number[] => Array.from({ length: 50 }, (_, t) => env.step([Math.cos(t)]).reward);
      const first = rest();
      env.physics.setState(saved);
      expect(rest()).toEqual(first);
    } finally {
      env.close();
    }
  });

  it('rejects a NaN action or a wrong length with a named error', () => {
    const env = new DmcEnv(new CartpoleTask('balance'));
    try {
      env.reset({ seed: 0 });
      expect(() => env.step([Number.NaN])).toThrow(/action\[0\] is NaN at step 0/);
      expect(() => env.step([0, 0])).toThrow(/2 numbers, the task takes 1/);
    } finally {
      env.close();
    }
  });

  it('passes MuJoCo the action as given: out-of-range controls act as the range limit (MuJoCo clamps)', () => {
    const a = new DmcEnv(new CartpoleTask('balance'));
    const b = new DmcEnv(new CartpoleTask('balance'));
    try {
      a.reset({ seed: 4 });
      b.reset({ seed: 4 });
      for (let t = 0; t < 20; t++) {
        a.step([5]);
        b.step([1]);
      }
      expect(Array.from(a.physics.qpos)).toEqual(Array.from(b.physics.qpos));
    } finally {
      a.close();
      b.close();
    }
  });

  it('frees its MuJoCo objects on close: making and closing envs does not grow the wasm heap', () => {
    const keep = new DmcEnv(new CartpoleTask('swingup'));
    const heap = (): number => keep.physics.qpos.buffer.byteLength;
    const cycle = (): void => {
      for (let i = 0; i < 40; i++) {
        const env = new DmcEnv(new CartpoleTask('swingup'));
        env.reset({ seed: i });
        env.step([1]);
        env.physics.getState();
        env.close();
        env.close();
      }
    };
    try {
      cycle();
      const before = heap();
      cycle();
      cycle();
      expect(heap()).toBe(before);
    } finally {
      keep.close();
    }
  });
});
