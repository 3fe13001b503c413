import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src/replay/rng.js';
import { Replay } from '../../src/replay/index.js';
import { seedingNpRandom } from '../../src/env/rng/pcg64.js';

describe('Xoshiro128', () => {
  it('matches the reference xoshiro128** outputs for state [1, 2, 3, 4]', () => {
    // First outputs of Blackman & Vigna's reference C code from s = {1, 2, 3, 4} (also rand_xoshiro's test vector).
    const expected = [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804];
    const rng = new Xoshiro128(0);
    rng.setState({ bitGenerator: 'xoshiro128**', s: [1, 2, 3, 4] });
    expect(expected.map(() => rng.nextUint32())).toEqual(expected);
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = new Xoshiro128(42).integers(0, 1000, 20);
    expect(new Xoshiro128(42).integers(0, 1000, 20)).toEqual(a);
    expect(new Xoshiro128(43).integers(0, 1000, 20)).not.toEqual(a);
  });

  it('draws integers inside [low, high) covering every value', () => {
    const draws = new Xoshiro128(7).integers(3, 9, 6000);
    const counts = new Map<number, number>();
    for (const v of draws) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([3, 4, 5, 6, 7, 8]);
    // each of 6 values expected 1000 times; 5 standard deviations (~ 5 * 29) is a generous bound
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('restores its exact state', () => {
    const rng = new Xoshiro128(5);
    rng.integers(0, 10, 3);
    const saved = JSON.parse(JSON.stringify(rng.getState()));
    const next = rng.integers(0, 1 << 30, 5);
    const other = new Xoshiro128(99);
    other.setState(saved);
    expect(other.integers(0, 1 << 30, 5)).toEqual(next);
  });
});

describe('a NumPy PCG64 generator as the replay RNG', () => {
  it('fits ReplayRng: the sampled starts are the generator’s integers(0, S - T + 1)', () => {
    const [rng] = seedingNpRandom(3);
    const [twin] = seedingNpRandom(3);
    const replay = new Replay({ capacity: 20, numEnvs: 1, obsDim: 1, actionDim: 1 }, rng);
    for (let t = 0; t < 20; t++) replay.add({ obs: Float32Array.of(t), action: Float32Array.of(0), reward: [0], isFirst: [0], isLast: [0], isTerminal: [0] });
    const starts = Array.from(replay.sample(6, 5).obs.filter((_, i) => i % 5 === 0));
    expect(starts).toEqual(Array.from(twin.integers(0, 16, 6)));
  });
});
