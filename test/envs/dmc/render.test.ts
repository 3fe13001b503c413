import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { CARTPOLE, CartpoleTask } from '../../../envs/dmc/cartpole.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { Physics } from '../../../envs/dmc/physics.js';
import { RayCastRenderer } from '../../../envs/dmc/render.js';
import { DMC_TASKS } from '../../../envs/dmc/register.js';
import type { Frame } from '../../../src/env/env.js';
import { makeAsync } from '../../../src/env/make.js';

beforeAll(async () => {
  await loadMujoco();
});

const pixel = (f: Frame, row: number, col: number): [number, number, number] => {
  const i = 3 * (row * f.shape[1] + col);
  return [f.data[i] as number, f.data[i + 1] as number, f.data[i + 2] as number];
};
/** The cart and pole are (.7, .5, .3): red clearly above blue. Floor, rails and sky are blue above red. */
const isCartColour = ([r, , b]: [number, number, number]): boolean => r > b + 40;

/** Pinhole projection of a world point with camera `cam`'s pose and fovy: [row, col] in pixels (fractional, centres at .5). */
function project(physics: Physics, cam: number, p: readonly number[], width: number, height: number): [number, number] {
  const pos = (physics.data.cam_xpos as Float64Array).subarray(3 * cam, 3 * cam + 3);
  const r = (physics.data.cam_xmat as Float64Array).subarray(9 * cam, 9 * cam + 9);
  const d = [0, 1, 2].map((k) => (p[k] as number) - (pos[k] as number));
  // Camera coordinates: Rᵀ d (columns of R are the camera's x, y, z in the world); the camera looks along -z.
  const [x, y, z] = [0, 1, 2].map((c) => (r[c] as number) * d[0]! + (r[3 + c] as number) * d[1]! + (r[6 + c] as number) * d[2]!) as [number, number, number];
  const tanHalf = Math.tan(((physics.model.cam_fovy as Float64Array)[cam]! * Math.PI) / 360);
  const u = x / -z / (tanHalf * (width / height));
  const v = y / -z / tanHalf;
  return [((1 - v) / 2) * height, ((u + 1) / 2) * width];
}

describe('the ray-cast renderer on cartpole', () => {
  const W = 96;
  const H = 72;

  it("draws the cart where the fixed camera's pinhole projection puts it", () => {
    const env = new DmcEnv(new CartpoleTask('balance'), { renderMode: 'rgb_array', width: W, height: H });
    try {
      for (const x of [0, 0.8, -1.2]) {
        env.reset({ seed: 0 });
        env.physics.qpos.set([x, 0]);
        env.physics.forward();
        const frame = env.render()!;
        expect(frame.shape).toEqual([H, W, 3]);
        const [row, col] = project(env.physics, 0, [x, 0, CARTPOLE.railHeight], W, H);
        // The box's silhouette in its middle row runs between its outermost projected vertical edges.
        const [hx, hy, hz] = CARTPOLE.cartHalfSize;
        const edges = [-1, 1].flatMap((sx) => [-1, 1].map((sy) => project(env.physics, 0, [x + sx * hx, sy * hy, CARTPOLE.railHeight], W, H)[1]));
        const [left, right] = [Math.min(...edges), Math.max(...edges)];
        const [bottom] = project(env.physics, 0, [x, -hy, CARTPOLE.railHeight - hz], W, H);
        const r = Math.floor(row);
        expect(isCartColour(pixel(frame, r, Math.floor(col)))).toBe(true);
        // The orange run through the cart's middle row starts and ends at the projected edges (to a pixel).
        const cols = Array.from({ length: W }, (_, c) => c).filter((c) => isCartColour(pixel(frame, r, c)));
        expect(Math.abs(cols[0]! - left)).toBeLessThanOrEqual(1);
        expect(Math.abs(cols[cols.length - 1]! + 1 - right)).toBeLessThanOrEqual(1);
        expect(cols.length).toBe(cols[cols.length - 1]! - cols[0]! + 1);
        // Below the cart's bottom edge the column is not the cart any more (the upright pole is above it).
        expect(isCartColour(pixel(frame, Math.ceil(bottom) + 1, Math.floor(col)))).toBe(false);
      }
    } finally {
      env.close();
    }
  });

  it('shows the upright pole above the cart, and the hanging pole below it', () => {
    const env = new DmcEnv(new CartpoleTask('balance'), { renderMode: 'rgb_array', width: W, height: H });
    try {
      env.reset({ seed: 0 });
      for (const [angle, tipZ] of [[0, 1.8], [Math.PI, 0.2]] as const) {
        env.physics.qpos.set([0, angle]);
        env.physics.forward();
        const frame = env.render()!;
        const [row, col] = project(env.physics, 0, [0, 0, tipZ], W, H);
        expect(isCartColour(pixel(frame, Math.floor(row), Math.floor(col)))).toBe(true);
      }
    } finally {
      env.close();
    }
  });

  it('sees a sky gradient above the horizon and a checkered floor below', () => {
    const env = new DmcEnv(new CartpoleTask('balance'), { renderMode: 'rgb_array', width: W, height: H });
    try {
      env.reset({ seed: 0 });
      const frame = env.render()!;
      const top = pixel(frame, 0, 2);
      const lower = pixel(frame, Math.floor(H / 2) - 6, 2);
      // Sky: blue over red, darker toward the zenith (the fixed camera looks horizontally).
      for (const p of [top, lower]) expect(p[2]).toBeGreaterThan(p[0] + 40);
      expect(top[2]).toBeLessThan(lower[2]);
      // Floor (rgba .15 .25 .35): the bottom row holds two checker shades, each with the floor's hue.
      const bottom = Array.from({ length: W }, (_, c) => pixel(frame, H - 1, c));
      for (const [r, g, b] of bottom) {
        expect(r).toBeLessThan(g);
        expect(g).toBeLessThan(b);
        expect(r / b).toBeCloseTo(0.15 / 0.35, 1);
      }
      const shades = new Set(bottom.map((p) => p[2]));
      expect(Math.max(...shades) / Math.min(...shades)).toBeGreaterThan(1.3);
    } finally {
      env.close();
    }
  });

  it('renders any size, from any camera of the model, and rejects bad sizes and unknown cameras by name', () => {
    const task = new CartpoleTask('balance');
    const frames = (opts: ConstructorParameters<typeof DmcEnv>[1]): Frame => {
      const env = new DmcEnv(task, opts);
      try {
        env.reset({ seed: 3 });
        return env.render()!;
      } finally {
        env.close();
      }
    };
    expect(frames({ renderMode: 'rgb_array' }).shape).toEqual([64, 64, 3]);
    const wide = frames({ renderMode: 'rgb_array', width: 100, height: 30 });
    expect(wide.shape).toEqual([30, 100, 3]);
    expect(wide.data.length).toBe(30 * 100 * 3);
    const fixed = frames({ renderMode: 'rgb_array', camera: 'fixed' });
    expect(frames({ renderMode: 'rgb_array', camera: 0 }).data).toEqual(fixed.data);
    expect(frames({ renderMode: 'rgb_array', camera: 'lookatcart' }).data).not.toEqual(fixed.data);
    expect(() => new DmcEnv(task, { renderMode: 'rgb_array', camera: 'side' })).toThrow(/camera "side" does not exist: its cameras are 0 "fixed", 1 "lookatcart"/);
    expect(() => new DmcEnv(task, { renderMode: 'rgb_array', camera: 5 })).toThrow(/camera 5 does not exist/);
    expect(() => new DmcEnv(task, { renderMode: 'rgb_array', width: 0 })).toThrow(/width 0 is not an integer/);
    expect(() => new DmcEnv(task, { renderMode: 'rgb_array', height: 2.5 })).toThrow(/height 2.5/);
    expect(() => new DmcEnv(task, { renderMode: 'human' })).toThrow(/"rgb_array" mode only/);
    expect(() => new DmcEnv(task, { width: 32 })).toThrow(/pass renderMode: 'rgb_array'/);
    expect(new DmcEnv(task).render()).toBeUndefined();
  });

  it('is deterministic and leaves the state alone', () => {
    const a = new DmcEnv(new CartpoleTask('swingup'), { renderMode: 'rgb_array' });
    const b = new DmcEnv(new CartpoleTask('swingup'), { renderMode: 'rgb_array' });
    try {
      a.reset({ seed: 7 });
      b.reset({ seed: 7 });
      for (let t = 0; t < 20; t++) {
        a.step([0.5]);
        b.step([0.5]);
      }
      const state = a.physics.getState();
      const first = a.render()!;
      expect(a.render()!.data).toEqual(first.data);
      expect(b.render()!.data).toEqual(first.data);
      expect(Array.from(a.physics.getState())).toEqual(Array.from(state));
      a.step([0.5]);
      expect(a.render()!.data).not.toEqual(first.data);
    } finally {
      a.close();
      b.close();
    }
  });

  it('frees its buffers: rendering envs made and closed, and many frames, leave the wasm heap as it was', () => {
    const keep = new DmcEnv(new CartpoleTask('swingup'));
    const heap = (): number => keep.physics.qpos.buffer.byteLength;
    // 512 x 512 frames need 9 MB of MuJoCo buffers per env: a leak would grow the heap within a cycle.
    const cycle = (): void => {
      for (let i = 0; i < 4; i++) {
        const big = new DmcEnv(new CartpoleTask('swingup'), { renderMode: 'rgb_array', width: 512, height: 512 });
        big.close();
        big.close();
        const env = new DmcEnv(new CartpoleTask('swingup'), { renderMode: 'rgb_array' });
        env.reset({ seed: i });
        env.render();
        env.step([1]);
        for (let k = 0; k < 2; k++) env.render();
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

describe('surface normals of the geom types the suite uses', () => {
  it('are the shapes\' outward normals at the hit points', () => {
    const xml = `<mujoco><worldbody>
      <geom name="plane" type="plane" size="5 5 .1" pos="0 0 -2"/>
      <geom name="sphere" type="sphere" size=".5" pos="0 0 0"/>
      <geom name="capsule" type="capsule" size=".3 .6" pos="3 0 0"/>
      <geom name="box" type="box" size=".4 .5 .6" pos="6 0 0" euler="0 0 30"/>
      <geom name="cylinder" type="cylinder" size=".4 .5" pos="9 0 0"/>
      <geom name="ellipsoid" type="ellipsoid" size=".3 .6 .9" pos="12 0 0"/>
      <camera name="c" pos="0 0 10"/>
    </worldbody></mujoco>`;
    const physics = Physics.fromXml(xml);
    const renderer = new RayCastRenderer(physics, { width: 4, height: 4, camera: 'c' });
    try {
      const id = (name: string): number => physics.id('geom', name);
      const origin = [0, -5, 0.2] as const;
      // One ray toward each shape, slightly off its centre so the normals are not all axis-aligned.
      const targets: [string, number[]][] = [
        ['sphere', [0.2, 0, 0.3]],
        ['capsule', [3.1, 0, 0.5]],
        ['box', [6.1, 0, 0.1]],
        ['cylinder', [9.1, 0, 0.2]],
        ['ellipsoid', [12.1, 0, 0.4]],
        ['plane', [-3, 3, -2]],
      ];
      const directions = Float64Array.from(targets.flatMap(([, t]) => t.map((v, k) => v - (origin[k] as number))));
      const hits = renderer.cast({ origin, directions });
      const normalAt = (name: string, p: number[]): number[] => {
        const g = id(name);
        const c = Array.from((physics.data.geom_xpos as Float64Array).subarray(3 * g, 3 * g + 3));
        const r = Array.from((physics.data.geom_xmat as Float64Array).subarray(9 * g, 9 * g + 9));
        const size = Array.from((physics.model.geom_size as Float64Array).subarray(3 * g, 3 * g + 3));
        const d = p.map((v, k) => v - c[k]!);
        const local = [0, 1, 2].map((j) => r[j]! * d[0]! + r[3 + j]! * d[1]! + r[6 + j]! * d[2]!);
        let n: number[];
        if (name === 'plane') n = [0, 0, 1];
        else if (name === 'sphere') n = local;
        else if (name === 'capsule') n = [local[0]!, local[1]!, Math.sign(local[2]!) * Math.max(0, Math.abs(local[2]!) - size[1]!)];
        else if (name === 'cylinder') n = Math.abs(Math.abs(local[2]!) - size[1]!) < 1e-9 ? [0, 0, Math.sign(local[2]!)] : [local[0]!, local[1]!, 0];
        else if (name === 'ellipsoid') n = local.map((v, k) => v / size[k]! ** 2);
        else {
          // Box: the face whose coordinate reaches its half-size.
          const k = [0, 1, 2].reduce((best, j) => (Math.abs(local[j]!) / size[j]! > Math.abs(local[best]!) / size[best]! ? j : best), 0);
          n = [0, 0, 0];
          n[k] = Math.sign(local[k]!);
        }
        const world = [0, 1, 2].map((i) => r[3 * i]! * n[0]! + r[3 * i + 1]! * n[1]! + r[3 * i + 2]! * n[2]!);
        const len = Math.hypot(...world);
        return world.map((v) => v / len);
      };
      targets.forEach(([name, target], i) => {
        expect(hits.geomId[i]).toBe(id(name));
        const t = hits.distance[i]!;
        const p = [0, 1, 2].map((k) => origin[k]! + t * (target[k]! - origin[k]!));
        const expected = normalAt(name, p);
        const got = Array.from(hits.normal.subarray(3 * i, 3 * i + 3));
        for (let k = 0; k < 3; k++) expect(got[k]).toBeCloseTo(expected[k]!, 6);
      });
    } finally {
      renderer.delete();
      physics.delete();
    }
  });
});

describe('rendering through make', () => {
  it('every registered task renders 64 x 64 frames; rgb_array_list collects them; render options reach the env', async () => {
    for (const { id } of DMC_TASKS) {
      const env = await makeAsync(id, { renderMode: 'rgb_array' });
      try {
        expect(env.metadata.renderModes).toContain('rgb_array');
        env.reset({ seed: 0 });
        const frame = env.render() as Frame;
        expect(frame.shape).toEqual([64, 64, 3]);
        // Not a blank frame: the scene has more than a couple of colours.
        const colours = new Set<number>();
        for (let p = 0; p < 64 * 64; p++) colours.add((frame.data[3 * p]! << 16) | (frame.data[3 * p + 1]! << 8) | frame.data[3 * p + 2]!);
        expect(colours.size, id).toBeGreaterThan(3);
      } finally {
        env.close();
      }
    }
    const list = await makeAsync('dm_control/cartpole-swingup-v0', { renderMode: 'rgb_array_list', width: 32, height: 24 });
    try {
      list.reset({ seed: 0 });
      list.step(new Float64Array([0.1]));
      const frames = list.render() as Frame[];
      expect(frames).toHaveLength(2);
      expect(frames[0]!.shape).toEqual([24, 32, 3]);
    } finally {
      list.close();
    }
    await expect(makeAsync('dm_control/cartpole-swingup-v0', { renderMode: 'rgb_array', widht: 32 })).rejects.toThrow(/widht.*Did you mean `width`/);
    await expect(makeAsync('dm_control/cartpole-swingup-v0', { renderMode: 'rgb_array', width: '32' })).rejects.toThrow(/width must be a number/);
  });
});

describe('sites', () => {
  it("draws finger-turn's target (a site, which mj_multiRay does not see) where the camera projects it", async () => {
    const { FingerTask } = await import('../../../envs/dmc/finger.js');
    const W = 64;
    const env = new DmcEnv(new FingerTask('turn_easy'), { renderMode: 'rgb_array', width: W, height: W });
    try {
      for (const seed of [0, 1, 2]) {
        env.reset({ seed });
        const target = Array.from(env.physics.named.siteXpos('target'));
        const [row, col] = project(env.physics, 0, target, W, W);
        // The target material is (.6, .3, .3): red well above green and blue; the sky and floor behind are blue-ish.
        const [r, g, b] = pixel(env.render()!, Math.floor(row), Math.floor(col));
        expect(r, `seed ${seed}`).toBeGreaterThan(g + 30);
        expect(r, `seed ${seed}`).toBeGreaterThan(b + 30);
      }
    } finally {
      env.close();
    }
  });
});
