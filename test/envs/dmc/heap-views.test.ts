import { beforeAll, describe, expect, it } from 'vitest';
import { cartpoleXml, CartpoleTask } from '../../../envs/dmc/cartpole.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { FingerTask } from '../../../envs/dmc/finger.js';
import { loadMujoco, mujoco } from '../../../envs/dmc/mujoco.js';
import { Physics } from '../../../envs/dmc/physics.js';
import { PointMassEasyTask } from '../../../envs/dmc/point-mass.js';
import type { DmcTask } from '../../../envs/dmc/task.js';
import { WalkerTask } from '../../../envs/dmc/walker.js';

/** Grows the wasm heap (a buffer as large as the heap is now), which detaches every view of the old buffer. */
function growHeap(someView: Float64Array): void {
  const mj = mujoco();
  const buffer = new mj.DoubleBuffer(Math.ceil(someView.buffer.byteLength / 8));
  buffer.delete();
}

/** A fixed, varied action sequence in [-1, 1]. */
const action = (k: number, n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(0.7 * k + 1.3 * i));

interface Trace {
  obs: Record<string, number[]>[];
  rewards: number[];
}

/** Steps a fresh env of `task` for `steps` steps from seed 0; `between(k)` runs before step k. */
function trace(task: () => DmcTask, steps: number, between: (k: number, env: DmcEnv) => void = () => {}): Trace {
  const env = new DmcEnv(task());
  const out: Trace = { obs: [], rewards: [] };
  const record = (obs: Record<string, Float64Array>): void => void out.obs.push(Object.fromEntries(Object.entries(obs).map(([k, v]) => [k, Array.from(v)])));
  try {
    record(env.reset({ seed: 0 }).obs);
    for (let k = 0; k < steps; k++) {
      between(k, env);
      const r = env.step(action(k, env.actionSpace.shape[0] as number));
      record(r.obs);
      out.rewards.push(r.reward);
    }
  } finally {
    env.close();
  }
  return out;
}

describe('kept views of model and data arrays', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('are made again after the heap grew, and still read and write MuJoCo', () => {
    const p = Physics.fromXml(cartpoleXml());
    try {
      const qpos = p.qpos;
      const cart = p.named.xpos('cart');
      expect(p.qpos === qpos).toBe(true); // kept, not rebuilt per read
      growHeap(qpos);
      expect(qpos.byteLength).toBe(0); // the old views were detached: the heap did grow
      expect(cart.byteLength).toBe(0);
      expect(p.qpos === qpos).toBe(false); // (vitest cannot print a detached view)
      expect(p.qpos.length).toBe(2);
      p.qpos[1] = 0.3;
      p.named.qpos('slider')[0] = 0.2;
      p.forward();
      expect(Array.from(p.data.qpos as Float64Array)).toEqual([0.2, 0.3]);
      expect(Array.from(p.named.xpos('cart'))).toEqual([0.2, 0, 1]);
      expect(p.named.xmat('pole_1')[8]).toBe((p.data.xmat as Float64Array)[9 * p.id('body', 'pole_1') + 8]);
      expect(p.modelArray<Int32Array>('jnt_type')).toBe(p.modelArray<Int32Array>('jnt_type'));
    } finally {
      p.delete();
    }
  });

  it('give bit-identical observations and rewards when the heap grows mid-episode (other envs, a renderer, a big buffer)', () => {
    for (const task of [() => new PointMassEasyTask(), () => new FingerTask('turn_easy'), () => new CartpoleTask('swingup')]) {
      const plain = trace(task, 60);
      const grown = trace(task, 60, (k, env) => {
        if (k === 20) {
          const others = Array.from({ length: 8 }, () => new DmcEnv(new WalkerTask('walk'), { renderMode: 'rgb_array' }));
          for (const o of others) (o.reset({ seed: 1 }), o.render(), o.close());
        }
        if (k === 40) growHeap(env.physics.qpos);
      });
      expect(grown).toEqual(plain);
    }
  });
});

describe('divergence found through the warning bookkeeping', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('is raised at the step it happens late in an episode (RK4, and Euler with 10 sub-steps), and stays until a reset', () => {
    for (const [task, id] of [
      [new CartpoleTask('balance'), 'cartpole-balance'],
      [new WalkerTask('walk'), 'walker-walk'],
    ] as const) {
      const env = new DmcEnv(task);
      try {
        env.reset({ seed: 0 });
        const zero = new Float64Array(env.actionSpace.shape[0] as number);
        for (let k = 0; k < 300; k++) env.step(zero);
        env.physics.qvel[0] = 1e11; // beyond MuJoCo's bound: it resets the data and counts a warning
        expect(() => env.step(zero)).toThrow(new RegExp(`dm_control/${id}-v0: the physics diverged at step 301 \\(qpos \\[`));
        expect(() => env.step(zero)).toThrow(/diverged at step 302/);
        env.reset({ seed: 0 });
        for (let k = 0; k < 5; k++) expect(env.step(zero).reward).toBeGreaterThanOrEqual(0);
      } finally {
        env.close();
      }
    }
  });

  it.each([
    ['walker-walk (Euler, 10 sub-steps)', () => new WalkerTask('walk')],
    ['cartpole-swingup (RK4)', () => new CartpoleTask('swingup')],
  ])('reads the warning counters at the reset and the first step of an episode, not at every step: %s', (_, task) => {
    const env = new DmcEnv(task());
    // Count reads of data.warning (an embind property on the data's prototype chain).
    let proto: object | null = Object.getPrototypeOf(env.physics.data) as object;
    while (proto !== null && !Object.prototype.hasOwnProperty.call(proto, 'warning')) proto = Object.getPrototypeOf(proto) as object | null;
    const descriptor = Object.getOwnPropertyDescriptor(proto!, 'warning')!;
    let reads = 0;
    Object.defineProperty(proto!, 'warning', { ...descriptor, get(this: unknown) { reads++; return descriptor.get!.call(this); } });
    try {
      env.reset({ seed: 0 });
      for (let k = 0; k < 100; k++) env.step(action(k, env.actionSpace.shape[0] as number));
      expect(reads).toBe(2);
    } finally {
      Object.defineProperty(proto!, 'warning', descriptor);
      env.close();
    }
  });
});
