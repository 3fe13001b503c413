import { describe, expect, it } from 'vitest';
import { Box, Dict, Discrete, MultiBinary, MultiDiscrete } from '../../src/env/spaces/index.js';

/*
 * Expected values printed by NumPy 2.4.6 (the golden files' version), following Gymnasium 1.x's sampling code:
 *   rng = np.random.default_rng(3); z = rng.normal(size=1); e1 = rng.exponential(size=1); e2 = rng.exponential(size=1)
 *   u = rng.uniform(low=[0.], high=[2.], size=1)                        -> mixed = [u, e1 + 1, z, -e2 + 5]
 *   rng = np.random.default_rng(7); rng.uniform(low=f32([-1, -2.5, 0]), high=f32([1, 3, 1e-3]), size=3).astype(f32) x2
 *   rng = np.random.default_rng(11); floor(rng.uniform(low=-3, high=4 + 1, size=5)).astype(int32)
 *   rng = np.random.default_rng(1); floor(rng.uniform(low=0, high=255 + 1, size=12)).astype(uint8)
 *   rng = np.random.default_rng(5); [10 + rng.integers(5) for _ in range(20)]
 *   rng = np.random.default_rng(3); rng.integers(0, 2, size=10, dtype=np.int8)
 *   rng = np.random.default_rng(9); (rng.random(3) * [3, 5, 7]).astype(int64) + [-1, 0, 10]
 *   rng = np.random.default_rng(42); rng.integers(np.iinfo(np.int32).max, size=2)      (Dict/Tuple sub-seeds)
 *   rng = np.random.default_rng(1); [rng.choice([1, 3]) for _ in range(10)]           (masked Discrete)
 *   rng = np.random.default_rng(42); [2 + rng.choice(np.arange(4), p=[.1, .2, .3, .4]) for _ in range(12)]
 *   rng = np.random.default_rng(7); per element: rng.choice(where(p > 0), p=(p / p.sum())[p > 0]) + 1,
 *     p = [.5, 0, .5] and [.25, .75], four samples                                   (MultiDiscrete probability)
 *   rng = np.random.default_rng(3); (rng.random(6) <= [.1, .5, .9, 0, 1, .5]).astype(int8) (MultiBinary probability)
 */
describe('space samples equal NumPy for fixed seeds', () => {
  it('Box with unbounded, half-bounded and bounded elements (normal, exponential, uniform in that order)', () => {
    const b = new Box({ low: [0, 1, -Infinity, -Infinity], high: [2, Infinity, Infinity, 5], dtype: 'float64', seed: 3 });
    const s = b.sample();
    const expected = [1.1643240721287356, 1.3896568735737038, 2.0409191213851825, 3.600459041880762];
    expect(s[0]).toBe(expected[0]); // uniform: exact
    // normal / exponential: the ziggurat tables of src/env/rng are within a few ULPs of NumPy's (measured:
    // ~2.5e-14 relative at most), so these elements are compared to 1e-13 relative.
    for (const i of [1, 2, 3]) expect(Math.abs(s[i] - expected[i]) / Math.abs(expected[i])).toBeLessThan(1e-13);
  });

  it('bounded float32 Box, two samples', () => {
    const b = new Box({ low: [-1, -2.5, 0], high: [1, 3, 1e-3], seed: 7 });
    expect(Array.from(b.sample())).toEqual([0.25019094347953796, 2.434675931930542, 0.0007756857085041702]);
    expect(Array.from(b.sample())).toEqual([-0.5495856404304504, -0.8490854501724243, 0.0008735535084269941]);
  });

  it('integer Boxes (int32 and a uint8 image)', () => {
    expect(Array.from(new Box({ low: -3, high: 4, shape: [5], dtype: 'int32', seed: 11 }).sample())).toEqual([-2, 0, 1, -3, -2]);
    const img = new Box({ low: 0, high: 255, shape: [2, 2, 3], dtype: 'uint8', seed: 1 }).sample();
    expect(img).toBeInstanceOf(Uint8Array);
    expect(Array.from(img)).toEqual([131, 243, 36, 242, 79, 108, 211, 104, 140, 7, 192, 137]);
  });

  it('Discrete (scalar integers, sharing the 32-bit buffer between calls) and masked Discrete (choice)', () => {
    const d = new Discrete(5, { start: 10, seed: 5 });
    expect(Array.from({ length: 20 }, () => d.sample())).toEqual([13, 14, 10, 14, 12, 12, 13, 11, 14, 10, 11, 11, 12, 12, 10, 10, 10, 10, 10, 14]);
    const m = new Discrete(4, { start: 2, seed: 1 });
    const mask = new Int8Array([0, 1, 0, 1]);
    expect(Array.from({ length: 10 }, () => m.sample(mask))).toEqual([3, 5, 5, 5, 3, 3, 5, 5, 3, 3]);
  });

  it('MultiBinary (int8 integers) and MultiDiscrete (random * nvec)', () => {
    expect(Array.from(new MultiBinary(10, { seed: 3 }).sample())).toEqual([1, 1, 1, 1, 1, 0, 1, 0, 1, 1]);
    expect(Array.from(new MultiDiscrete([3, 5, 7], { start: [-1, 0, 10], seed: 9 }).sample())).toEqual([1, 1, 14]);
  });

  it('Dict seeds its sub-spaces with integers(int32 max) drawn from the parent seed', () => {
    const d = new Dict({ a: new Discrete(2), b: new Discrete(2) });
    expect(d.seed(42)).toEqual([191664963, 1662057957]);
  });

  it('probability masks: Discrete, MultiDiscrete, MultiBinary, and through Dict', () => {
    const d = new Discrete(4, { start: 2, seed: 42 });
    const p = new Float64Array([0.1, 0.2, 0.3, 0.4]);
    expect(Array.from({ length: 12 }, () => d.sample(undefined, p))).toEqual([5, 4, 5, 5, 2, 5, 5, 5, 3, 4, 4, 5]);
    const md = new MultiDiscrete([3, 2], { start: [1, 1], seed: 7 });
    const ps = [new Float64Array([0.5, 0, 0.5]), new Float64Array([0.25, 0.75])];
    expect(Array.from({ length: 4 }, () => Array.from(md.sample(undefined, ps)))).toEqual([[3, 2], [3, 1], [1, 2], [1, 2]]);
    const mb = new MultiBinary(6, { seed: 3 });
    expect(Array.from(mb.sample(undefined, new Float64Array([0.1, 0.5, 0.9, 0, 1, 0.5])))).toEqual([1, 1, 1, 0, 1, 1]);
    const dict = new Dict({ a: new Discrete(2) }, { seed: 0 });
    expect(dict.sample(undefined, { a: new Float64Array([0, 1]) }).a).toBe(1);
    expect(() => d.sample(undefined, new Float64Array([0.5, 0.5, 0.5, 0.5]))).toThrow(/sum to 1/);
    expect(() => d.sample(new Int8Array(4), p)).toThrow(/not both/);
    expect(() => new Box({ low: 0, high: 1 }).sample(undefined, p)).toThrow(/probability/);
  });
});
