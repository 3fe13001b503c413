import { describe, expect, it } from 'vitest';
import { Box, Discrete } from '../../src/env/spaces/index.js';
import { SpaceError } from '../../src/util/errors.js';
import { seedingNpRandom } from '../../src/env/rng/pcg64.js';
import type { RandomGenerator } from '../../src/env/rng/generator.js';

type WithExp = RandomGenerator & { standardExponential(size: number): Float64Array };
const fresh = (seed: number): WithExp => seedingNpRandom(seed)[0] as WithExp;

describe('Box', () => {
  it('stores bounds as the dtype does (float32-rounded) and infers shape', () => {
    const b = new Box({ low: [-0.1, -Infinity], high: [0.1, 2] });
    expect(b.shape).toEqual([2]);
    expect(b.low[0]).toBe(Math.fround(-0.1));
    expect(b.low[1]).toBe(-Infinity);
    expect(b.boundedBelow).toEqual([true, false]);
    expect(b.boundedAbove).toEqual([true, true]);
    expect(b.isBounded()).toBe(false);
    expect(b.isBounded('above')).toBe(true);
    expect(new Box({ low: 0, high: 1 }).shape).toEqual([1]);
    expect(new Box({ low: 0, high: 1, shape: [2, 3] }).size).toBe(6);
  });

  it('rejects inconsistent arguments with a SpaceError', () => {
    expect(() => new Box({ low: [0, 0], high: 1, shape: [3] })).toThrow(SpaceError);
    expect(() => new Box({ low: 1, high: 0 })).toThrow(/low must be <= high/);
    expect(() => new Box({ low: NaN, high: 0 })).toThrow(/NaN/);
    expect(() => new Box({ low: -Infinity, high: 3, dtype: 'uint8' })).toThrow(/cannot be unbounded/);
    expect(() => new Box({ low: 0, high: 300, dtype: 'uint8' })).toThrow(/outside the range/);
  });

  it('bounded float32 sample = float32(low + (high - low) * random()) from the same seed', () => {
    const low = [-1, -2.5, 0];
    const high = [1, 3, 1e-3];
    const b = new Box({ low, high, seed: 7 });
    const u = fresh(7).random(6);
    const s1 = b.sample();
    const s2 = b.sample();
    expect(s1).toBeInstanceOf(Float32Array);
    for (let i = 0; i < 3; i++) {
      const lo = Math.fround(low[i]);
      const hi = Math.fround(high[i]);
      expect(s1[i]).toBe(Math.fround(lo + (hi - lo) * u[i]));
      expect(s2[i]).toBe(Math.fround(lo + (hi - lo) * u[3 + i]));
    }
  });

  it('draws normal, then exponential (below), then negative exponential (above), then uniform', () => {
    // element kinds: [bounded, below-only, unbounded, above-only]
    const b = new Box({ low: [0, 1, -Infinity, -Infinity], high: [2, Infinity, Infinity, 5], dtype: 'float64', seed: 3 });
    const rng = fresh(3);
    const z = rng.normal(0, 1, 1)[0];
    const e1 = rng.standardExponential(1)[0];
    const e2 = rng.standardExponential(1)[0];
    const u = rng.random(1)[0];
    expect(Array.from(b.sample())).toEqual([0 + 2 * u, e1 + 1, z, -e2 + 5]);
  });

  it('integer dtypes floor a uniform over [low, high + 1)', () => {
    const b = new Box({ low: -3, high: 4, shape: [5], dtype: 'int32', seed: 11 });
    const u = fresh(11).random(5);
    const s = b.sample();
    expect(s).toBeInstanceOf(Int32Array);
    expect(Array.from(s)).toEqual(Array.from(u, (x) => Math.floor(-3 + 8 * x)));
    expect(b.contains(s)).toBe(true);
  });

  it('contains: dtype casting, shape, bounds, NaN', () => {
    const b = new Box({ low: -1, high: 1, shape: [2] });
    expect(b.contains(new Float32Array([0.5, -1]))).toBe(true);
    expect(b.contains([0.5, 1])).toBe(true);
    expect(b.contains(new Float32Array([0.5, 1.0001]))).toBe(false);
    expect(b.contains(new Float32Array([0.5]))).toBe(false);
    expect(b.contains(new Float32Array([NaN, 0]))).toBe(false);
    expect(b.contains(new Float64Array([0, 0]))).toBe(false); // float64 is not safely castable to float32
    expect(b.contains(new Int8Array([0, 1]))).toBe(true);
    expect(b.contains(new Int32Array([0, 1]))).toBe(false);
    expect(b.contains('ab')).toBe(false);
    expect(b.contains(0.5)).toBe(false);
    const i = new Box({ low: 0, high: 3, shape: [2], dtype: 'int32' });
    expect(i.contains([1, 2])).toBe(true);
    expect(i.contains([1.5, 2])).toBe(false);
    expect(i.contains(new Float32Array([1, 2]))).toBe(false);
    // 1.00000001 rounds to 1 in float32, as np.asarray(x, float32) does
    expect(b.contains([1.00000001, 0])).toBe(true);
  });

  it('prints like Gymnasium and round-trips through JSON', () => {
    const b = new Box({ low: [-4.8, -Infinity], high: [4.8, Infinity] });
    expect(new Box({ low: -1, high: 1, shape: [3] }).toString()).toBe('Box(-1.0, 1.0, (3,), float32)');
    expect(b.toString()).toBe('Box([-4.8 -inf], [4.8 inf], (2,), float32)');
    const back = Box.fromJSON(JSON.parse(JSON.stringify(b.toJSON())));
    expect(back.equals(b)).toBe(true);
    expect(back.boundedBelow).toEqual([true, false]);
    const ints = new Box({ low: -Infinity, high: 3, shape: [1], dtype: 'int32' });
    const intsBack = Box.fromJSON(JSON.parse(JSON.stringify(ints.toJSON())));
    expect(intsBack.boundedBelow).toEqual([false]);
    expect(intsBack.low[0]).toBe(-2147483648);
  });
});

describe('Discrete', () => {
  it('matches the Gymnasium docstring samples (seed 42)', () => {
    expect(new Discrete(2, { seed: 42 }).sample()).toBe(0);
    const d = new Discrete(3, { start: -1, seed: 42 });
    expect(d.sample()).toBe(-1);
    expect(d.sample(new Int8Array([0, 0, 1]))).toBe(1);
  });

  it('sample = start + integers(0, n) on the same stream', () => {
    const d = new Discrete(5, { start: 10, seed: 5 });
    const ref = fresh(5).integers(0, 5, 20);
    for (let i = 0; i < 20; i++) expect(d.sample()).toBe(10 + ref[i]);
  });

  it('masked sampling picks only allowed values; an all-zero mask gives start', () => {
    const d = new Discrete(4, { start: 2, seed: 1 });
    for (let i = 0; i < 30; i++) expect([3, 5]).toContain(d.sample(new Int8Array([0, 1, 0, 1])));
    expect(d.sample(new Int8Array(4))).toBe(2);
    expect(() => d.sample(new Int8Array([0, 2, 0, 0]))).toThrow(SpaceError);
    expect(() => d.sample(new Int8Array(3))).toThrow(/length/);
  });

  it('contains accepts integer-valued numbers in range only', () => {
    const d = new Discrete(3, { start: -1 });
    expect([-1, 0, 1, 1.0].map((x) => d.contains(x))).toEqual([true, true, true, true]);
    expect([2, -2, 0.5, NaN, '0', null].map((x) => d.contains(x))).toEqual([false, false, false, false, false, false]);
  });

  it('validates n and prints like Gymnasium', () => {
    expect(() => new Discrete(0)).toThrow(SpaceError);
    expect(() => new Discrete(2.5)).toThrow(SpaceError);
    expect(new Discrete(3, { start: -1 }).toString()).toBe('Discrete(3, start=-1)');
    expect(Discrete.fromJSON(new Discrete(3, { start: -1 }).toJSON()).equals(new Discrete(3, { start: -1 }))).toBe(true);
  });
});

describe('instanceof', () => {
  it('keeps the ordinary check for subclasses and rejects other spaces', () => {
    class MyBox extends Box {}
    const mine = new MyBox({ low: 0, high: 1 });
    expect(mine).toBeInstanceOf(Box);
    expect(mine).toBeInstanceOf(MyBox);
    expect(new Box({ low: 0, high: 1 })).not.toBeInstanceOf(MyBox);
    expect(new Discrete(2)).not.toBeInstanceOf(Box);
    expect({ low: 0 }).not.toBeInstanceOf(Box);
  });
});
