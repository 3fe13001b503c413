import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pcg64Generator, seedingNpRandom } from '../../src/env/rng/pcg64.js';
import { SeedSequence } from '../../src/env/rng/seed-sequence.js';
import { InvalidSeedError } from '../../src/util/errors.js';

/** Reference draws recorded from NumPy by test/fixtures/make-numpy-generator.py. */
interface NumpyCase {
  seed: number;
  seed_sequence_words: number[];
  initial_state: { state: string; inc: string };
  random: number[];
  uniform: number[];
  integers_0_7: number[];
  random_after_odd_integers: number[];
  integers_full_uint32: number[];
  integers_0_2pow40: number[];
  integers_int8_0_2: number[];
  integers_int16_m3_1000: number[];
  normal_loc05_scale2: number[];
  standard_exponential: number[];
  final_state: { state: string; inc: string; has_uint32: boolean; uinteger: number };
}

const fixture = JSON.parse(
  readFileSync(path.resolve(__dirname, '../fixtures/numpy-generator.json'), 'utf8'),
) as { numpy_version: string; cases: NumpyCase[] };

/**
 * NumPy's ziggurat tables were computed once by an ill-conditioned recursion and printed; regenerating them from
 * the formulas reproduces them only to ~4e-14 relative, so ziggurat draws are compared to that precision
 * (the draws consumed are identical: the final generator state must match exactly).
 */
const ZIGGURAT_REL_TOL = 1e-12;

function expectClose(actual: Float64Array, expected: number[], relTol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(relTol * Math.max(1, Math.abs(expected[i])));
  }
}

describe.each(fixture.cases.map((c) => [c.seed, c] as const))('Pcg64Generator vs NumPy, seed %s', (seed, ref) => {
  it('SeedSequence.generate_state matches', () => {
    expect(Array.from(new SeedSequence(seed).generateState(8))).toEqual(ref.seed_sequence_words);
  });

  it('initial PCG64 state matches', () => {
    const st = new Pcg64Generator(seed).getState();
    expect([st.state, st.inc]).toEqual([ref.initial_state.state, ref.initial_state.inc]);
  });

  it('replays the recorded draw sequence (exact except ziggurat rounding) and ends in the same state', () => {
    const g = new Pcg64Generator(seed);
    expect(Array.from(g.random(5))).toEqual(ref.random);
    expect(Array.from(g.uniform(-0.05, 0.05, 4))).toEqual(ref.uniform);
    expect(Array.from(g.integers(0, 7, 21))).toEqual(ref.integers_0_7);
    expect(Array.from(g.random(2))).toEqual(ref.random_after_odd_integers);
    expect(Array.from(g.integers(0, 2 ** 32, 3))).toEqual(ref.integers_full_uint32);
    expect(Array.from(g.integers(0, 2 ** 40, 5))).toEqual(ref.integers_0_2pow40);
    expect(Array.from(g.integers(0, 2, 19, 'int8'))).toEqual(ref.integers_int8_0_2);
    expect(Array.from(g.integers(-3, 1000, 9, 'int16'))).toEqual(ref.integers_int16_m3_1000);
    expectClose(g.normal(0.5, 2, ref.normal_loc05_scale2.length), ref.normal_loc05_scale2, ZIGGURAT_REL_TOL);
    expectClose(g.standardExponential(ref.standard_exponential.length), ref.standard_exponential, ZIGGURAT_REL_TOL);
    const st = g.getState();
    expect({ state: st.state, inc: st.inc, has_uint32: st.hasUint32, uinteger: st.uinteger }).toEqual(ref.final_state);
  });
});

describe('generator state round trip', () => {
  it('setState restores the stream exactly, including the buffered 32-bit half', () => {
    const g = new Pcg64Generator(7);
    g.integers(0, 5, 3); // odd number of 32-bit draws: half a uint64 stays buffered
    const saved = JSON.parse(JSON.stringify(g.getState()));
    const first = Array.from(g.integers(0, 1000, 5)).concat(Array.from(g.random(3)));
    const h = new Pcg64Generator(99);
    h.setState(saved);
    expect(Array.from(h.integers(0, 1000, 5)).concat(Array.from(h.random(3)))).toEqual(first);
  });
});

describe('seedingNpRandom', () => {
  it('returns the seed and a generator equal to Pcg64Generator(seed)', () => {
    const [rng, used] = seedingNpRandom(42);
    expect(used).toBe(42);
    expect(Array.from(rng.random(3))).toEqual(Array.from(new Pcg64Generator(42).random(3)));
  });

  it('seeds from OS entropy without a seed (two generators differ, seed undefined)', () => {
    const [a, seedA] = seedingNpRandom();
    const [b] = seedingNpRandom();
    expect(seedA).toBeUndefined();
    expect(Array.from(a.random(4))).not.toEqual(Array.from(b.random(4)));
  });

  it.each([-1, 1.5, Number.NaN, Infinity, 2 ** 60])('rejects seed %s with InvalidSeedError', (bad) => {
    expect(() => seedingNpRandom(bad)).toThrow(InvalidSeedError);
  });

  it('rejects a non-number seed', () => {
    expect(() => seedingNpRandom('3' as unknown as number)).toThrow(InvalidSeedError);
  });
});

describe('argument checks', () => {
  it('integers rejects an empty range', () => {
    expect(() => new Pcg64Generator(0).integers(3, 3, 1)).toThrow(/low >= high/);
  });
});
