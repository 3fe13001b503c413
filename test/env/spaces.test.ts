import { describe, expect, it } from 'vitest';
import {
  Box,
  Dict,
  Discrete,
  MultiBinary,
  MultiDiscrete,
  Tuple,
  batchSpace,
  flatdim,
  flatten,
  flattenSpace,
  spaceFromJSON,
  unflatten,
  type Space,
} from '../../src/env/spaces/index.js';
import { SpaceError } from '../../src/util/errors.js';
import { seedingNpRandom } from '../../src/env/rng/pcg64.js';

// Expected samples below are the outputs printed in Gymnasium 1.x docstrings (NumPy 2, seed 42).
describe('composite and multi spaces: Gymnasium docstring samples', () => {
  it('MultiBinary(5) and MultiBinary([3, 2]) with seed 42', () => {
    expect(Array.from(new MultiBinary(5, { seed: 42 }).sample())).toEqual([1, 0, 1, 0, 1]);
    const s = new MultiBinary([3, 2], { seed: 42 }).sample();
    expect(s).toBeInstanceOf(Int8Array);
    expect(Array.from(s)).toEqual([1, 0, 1, 0, 1, 1]);
  });

  it('MultiDiscrete([[1, 2], [3, 4]]) with seed 42', () => {
    const md = new MultiDiscrete([1, 2, 3, 4], { shape: [2, 2], seed: 42 });
    expect(Array.from(md.sample())).toEqual([0, 0, 2, 2]);
  });

  it('Dict({position: Box(-1, 1, (2,)), color: Discrete(3)}) with seed 42 (keys sorted)', () => {
    const d = new Dict({ position: new Box({ low: -1, high: 1, shape: [2] }), color: new Discrete(3) }, { seed: 42 });
    expect(d.keys()).toEqual(['color', 'position']);
    const s = d.sample();
    expect(s.color).toBe(0);
    expect(Array.from(s.position)).toEqual([Math.fround(-0.3991573), Math.fround(0.21649833)]);
  });

  it('Tuple seeds its parts like Dict: same sub-seeds for the same parent seed', () => {
    const t = new Tuple([new Discrete(2), new Box({ low: -1, high: 1, shape: [2] })] as const, { seed: 42 });
    const [a, b] = t.sample();
    expect(a).toBe(0);
    expect(Array.from(b)).toEqual([Math.fround(-0.3991573), Math.fround(0.21649833)]);
  });
});

describe('sampling rules', () => {
  it('MultiDiscrete sample = floor(random * nvec) + start', () => {
    const md = new MultiDiscrete([3, 5, 7], { start: [-1, 0, 10], seed: 9 });
    const u = seedingNpRandom(9)[0].random(3);
    expect(Array.from(md.sample())).toEqual([Math.floor(u[0] * 3) - 1, Math.floor(u[1] * 5), Math.floor(u[2] * 7) + 10]);
  });

  it('masks: MultiDiscrete per element, MultiBinary 0/1/2, Dict per key', () => {
    const md = new MultiDiscrete([3, 2], { seed: 1 });
    for (let i = 0; i < 10; i++) {
      expect(Array.from(md.sample([new Int8Array([0, 0, 1]), new Int8Array([0, 0])]))).toEqual([2, 0]);
    }
    const mb = new MultiBinary(4, { seed: 1 });
    const s = mb.sample(new Int8Array([0, 1, 2, 2]));
    expect([s[0], s[1]]).toEqual([0, 1]);
    expect(() => mb.sample(new Int8Array([3, 0, 0, 0]))).toThrow(SpaceError);
    const d = new Dict({ a: new Discrete(3) }, { seed: 0 });
    expect(d.sample({ a: new Int8Array([0, 1, 0]) }).a).toBe(1);
    expect(() => d.sample({ b: undefined })).toThrow(/keys/);
  });

  it('seeding is reproducible and seed() returns the leaf seeds', () => {
    const make = (): Dict => new Dict({ x: new Box({ low: 0, high: 1, shape: [3] }), y: new MultiBinary(8) });
    const a = make();
    const b = make();
    const seedsA = a.seed(123);
    b.seed(123);
    expect(seedsA).toHaveLength(2);
    expect(JSON.stringify(Array.from(a.sample().x as Float32Array))).toBe(JSON.stringify(Array.from(b.sample().x as Float32Array)));
    expect(new Discrete(4).seed(5)).toEqual([5]);
  });
});

describe('contains', () => {
  it('MultiDiscrete, MultiBinary, Dict, Tuple', () => {
    const md = new MultiDiscrete([2, 3], { start: [1, 0] });
    expect(md.contains([1, 2])).toBe(true);
    expect(md.contains([0, 2])).toBe(false);
    expect(md.contains([1, 3])).toBe(false);
    expect(md.contains([1.5, 0])).toBe(false);
    expect(md.contains(new Float32Array([1, 0]))).toBe(false);
    const mb = new MultiBinary([2, 2]);
    expect(mb.contains(new Int8Array([0, 1, 1, 0]))).toBe(true);
    expect(mb.contains([[0, 1], [1, 0]])).toBe(true);
    expect(mb.contains([0, 2, 1, 0])).toBe(false);
    expect(mb.contains([0, 1, 1])).toBe(false);
    const d = new Dict({ a: new Discrete(2), b: new Box({ low: 0, high: 1, shape: [1] }) });
    expect(d.contains({ a: 1, b: new Float32Array([0.5]) })).toBe(true);
    expect(d.contains({ a: 1 })).toBe(false);
    expect(d.contains({ a: 2, b: new Float32Array([0.5]) })).toBe(false);
    const t = new Tuple([new Discrete(2), new MultiBinary(1)]);
    expect(t.contains([1, [0]])).toBe(true);
    expect(t.contains([1])).toBe(false);
  });
});

const nested = (): Space<unknown> =>
  new Dict({
    obs: new Box({ low: [-1, -Infinity], high: [1, Infinity], dtype: 'float64' }),
    act: new Tuple([new Discrete(3, { start: -1 }), new MultiDiscrete([2, 4]), new MultiBinary(3)]),
  }) as Space<unknown>;

describe('JSON round trip', () => {
  it('every space type survives toJSON → JSON text → spaceFromJSON', () => {
    const spaces: Space<unknown>[] = [
      new Box({ low: 0, high: 255, shape: [4, 4, 3], dtype: 'uint8' }) as Space<unknown>,
      new Discrete(5, { start: 2 }),
      new MultiDiscrete([2, 3], { start: [1, 1], dtype: 'int32' }) as Space<unknown>,
      new MultiBinary([2, 3]),
      nested(),
    ];
    for (const s of spaces) {
      const back = spaceFromJSON(JSON.parse(JSON.stringify(s.toJSON())));
      expect((back as unknown as { equals(o: unknown): boolean }).equals(s)).toBe(true);
      expect(back.toString()).toBe(s.toString());
    }
    expect(() => spaceFromJSON({ type: 'Graph' })).toThrow(/Unknown space type/);
  });

  it('reads the golden files’ Box format', () => {
    const b = spaceFromJSON({ type: 'Box', low: ['-Infinity', -1], high: ['Infinity', 1], shape: [2], dtype: 'float32' }) as Box;
    expect(b.boundedBelow).toEqual([false, true]);
  });
});

describe('flatten (spaces/utils semantics)', () => {
  it('Discrete is one-hot, MultiDiscrete concatenated one-hots (Gymnasium docstring: flatten(Discrete(4), 2))', () => {
    expect(Array.from(flatten(new Discrete(4), 2))).toEqual([0, 0, 1, 0]);
    expect(Array.from(flatten(new MultiDiscrete([2, 3], { start: [0, 1] }), [1, 3]))).toEqual([0, 1, 0, 0, 1]);
  });

  it('Tuple docstring example: ((.5, .25), (1, 0, .2), 1) → [0.5 0.25 1 0 0.2 0 1 0] in float64', () => {
    const space = new Tuple([
      new Box({ low: 0, high: 1, shape: [2] }),
      new Box({ low: 0, high: 1, shape: [3] }),
      new Discrete(3),
    ]);
    const flat = flatten(space, [new Float32Array([0.5, 0.25]), new Float32Array([1, 0, 0.2]), 1]);
    expect(flat).toBeInstanceOf(Float64Array); // float32 with int64 promotes to float64
    expect(Array.from(flat)).toEqual([0.5, 0.25, 1, 0, Math.fround(0.2), 0, 1, 0]);
    expect(flatdim(space)).toBe(8);
  });

  it('flatten/unflatten round trip on samples of a nested space, and flattenSpace contains the flat samples', () => {
    const space = nested();
    space.seed(4);
    const flatSpace = flattenSpace(space);
    expect(flatSpace.shape).toEqual([flatdim(space)]);
    expect(flatSpace.dtype).toBe('float64');
    for (let i = 0; i < 20; i++) {
      const x = space.sample();
      const flat = flatten(space, x);
      expect(flatSpace.contains(flat)).toBe(true);
      const back = unflatten(space, flat);
      expect(space.contains(back)).toBe(true);
      expect(Array.from(flatten(space, back))).toEqual(Array.from(flat));
    }
    expect(() => unflatten(new Discrete(3), [0, 0, 0])).toThrow(/one-hot/);
  });
});

describe('batchSpace', () => {
  it('Discrete → MultiDiscrete, Box → stacked Box, composites per part', () => {
    const md = batchSpace(new Discrete(3, { start: 1 }), 4) as MultiDiscrete;
    expect(md).toBeInstanceOf(MultiDiscrete);
    expect(md.nvec).toEqual([3, 3, 3, 3]);
    expect(md.start).toEqual([1, 1, 1, 1]);
    const b = batchSpace(new Box({ low: [-1, -Infinity], high: [1, 2] }), 3) as Box;
    expect(b.shape).toEqual([3, 2]);
    expect(Array.from(b.low)).toEqual([-1, -Infinity, -1, -Infinity, -1, -Infinity]);
    expect(b.boundedBelow).toEqual([true, false, true, false, true, false]);
    const mdBox = batchSpace(new MultiDiscrete([2, 3], { start: [1, 0] }), 2) as Box<'int64'>;
    expect(mdBox).toBeInstanceOf(Box);
    expect([mdBox.shape, Array.from(mdBox.low), Array.from(mdBox.high), mdBox.dtype]).toEqual([[2, 2], [1, 0, 1, 0], [2, 2, 2, 2], 'int64']);
    const mbBox = batchSpace(new MultiBinary([2]), 3) as Box<'int8'>;
    expect([mbBox.shape, mbBox.dtype, mbBox.low[0], mbBox.high[0]]).toEqual([[3, 2], 'int8', 0, 1]);
    const d = batchSpace(nested(), 2) as Dict;
    expect((d.spaces.obs as Box<'float64'>).shape).toEqual([2, 2]);
    expect(() => batchSpace(new Discrete(2), 0)).toThrow(SpaceError);
  });
});

describe('batchSpace seeding', () => {
  it('starts the batched generator as a copy of the original (Gymnasium deep-copies np_random)', () => {
    const single = new Discrete(3, { seed: 8 });
    const batched = batchSpace(single, 4);
    const reference = new MultiDiscrete([3, 3, 3, 3], { seed: 8 });
    expect(Array.from(batched.sample() as Float64Array)).toEqual(Array.from(reference.sample()));
    // the copy is independent: sampling the batch did not advance the original
    expect(single.sample()).toBe(new Discrete(3, { seed: 8 }).sample());
  });
});
