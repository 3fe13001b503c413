import { describe, expect, it } from 'vitest';
import { Replay, Xoshiro128, type ReplayStep } from '../../src/replay/index.js';
import { CheckpointError, ConfigError, ReplayError } from '../../src/util/errors.js';

/**
 * A synthetic vector step: obs = [env, t] so every row says where it came from; action = [t - 1] (the action
 * that led to o_t), reward = 10 * t; an episode of each env resets every `episode` steps and ends before it.
 */
function step(t: number, numEnvs: number, episode = Infinity, truncate = false): ReplayStep {
  const obs = new Float32Array(numEnvs * 2);
  for (let n = 0; n < numEnvs; n++) obs.set([n, t], n * 2);
  const first = t % episode === 0;
  const last = (t + 1) % episode === 0;
  const flags = (v: boolean): number[] => new Array<number>(numEnvs).fill(v ? 1 : 0);
  return {
    obs,
    action: new Float32Array(numEnvs).fill(first ? 0 : t - 1),
    reward: new Float32Array(numEnvs).fill(first ? 0 : 10 * t),
    isFirst: flags(first),
    isLast: flags(last),
    isTerminal: flags(last && !truncate),
  };
}

function fill(replay: Replay, steps: number, episode = Infinity, truncate = false): void {
  for (let t = 0; t < steps; t++) replay.add(step(t, replay.options.numEnvs, episode, truncate));
}

const at = (a: Float32Array, i: number): number => a[i]!;

describe('Replay', () => {
  it('is resident from construction: RSS rises by the capacity at once, not as it fills', () => {
    const before = process.memoryUsage().rss;
    // 1M rows of obs 20 + action 4 floats + 4 + 3 bytes: ~103 MB
    const replay = new Replay({ capacity: 1_000_000, numEnvs: 1, obsDim: 20, actionDim: 4 });
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeGreaterThan(80 * 1024 * 1024);
    expect(replay.size).toBe(0);
  });

  it('returns what was added, row for row, under the documented alignment', () => {
    const replay = new Replay({ capacity: 10, numEnvs: 1, obsDim: 2, actionDim: 1 });
    fill(replay, 10, 4); // episodes start at t = 0, 4, 8; t = 3 and 7 are terminal
    const batch = replay.sample(1, 10);
    expect(Array.from(batch.obs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((t) => [0, t]));
    expect(Array.from(batch.action)).toEqual([0, 0, 1, 2, 0, 4, 5, 6, 0, 8]);
    expect(Array.from(batch.reward)).toEqual([0, 10, 20, 30, 0, 50, 60, 70, 0, 90]);
    expect(Array.from(batch.isFirst)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
    expect(Array.from(batch.isTerminal)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0]);
    expect(Array.from(batch.cont)).toEqual([1, 1, 1, 0, 1, 1, 1, 0, 1, 1]);
  });

  it('marks a truncation as last but keeps cont = 1', () => {
    const replay = new Replay({ capacity: 8, numEnvs: 1, obsDim: 2, actionDim: 1 });
    fill(replay, 8, 4, true);
    const batch = replay.sample(1, 8);
    expect(Array.from(batch.isLast)).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(batch.cont)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('never mixes sub-envs inside a sequence and keeps steps consecutive', () => {
    const replay = new Replay({ capacity: 90, numEnvs: 3, obsDim: 2, actionDim: 1 }, new Xoshiro128(1));
    fill(replay, 30);
    const T = 5;
    const batch = replay.sample(200, T);
    const envsSeen = new Set<number>();
    for (let b = 0; b < 200; b++) {
      const env = at(batch.obs, b * T * 2);
      const t0 = at(batch.obs, b * T * 2 + 1);
      envsSeen.add(env);
      for (let t = 0; t < T; t++) {
        expect(at(batch.obs, (b * T + t) * 2)).toBe(env);
        expect(at(batch.obs, (b * T + t) * 2 + 1)).toBe(t0 + t);
      }
    }
    expect([...envsSeen].sort()).toEqual([0, 1, 2]);
  });

  it('overwrites the oldest steps, keeps sequences consecutive across the wrap, and never grows', () => {
    const replay = new Replay({ capacity: 20, numEnvs: 2, obsDim: 2, actionDim: 1 }, new Xoshiro128(2));
    const storage = replay.state().arrays;
    const bytes = Object.values(storage).reduce((sum, a) => sum + a.byteLength, 0);
    fill(replay, 57); // each stream holds 10 rows: t = 47..56
    expect(replay.size).toBe(20);
    expect(replay.totalAdded).toBe(114);
    const after = replay.state().arrays;
    expect(Object.values(after).reduce((sum, a) => sum + a.byteLength, 0)).toBe(bytes);
    expect(after.obs).toBe(storage.obs);
    const batch = replay.sample(100, 4);
    for (let b = 0; b < 100; b++) {
      const t0 = at(batch.obs, b * 8 + 1);
      expect(t0).toBeGreaterThanOrEqual(47);
      expect(t0).toBeLessThanOrEqual(53);
      for (let t = 0; t < 4; t++) expect(at(batch.obs, (b * 4 + t) * 2 + 1)).toBe(t0 + t);
    }
  });

  it('samples every valid start uniformly (chi-square)', () => {
    const replay = new Replay({ capacity: 24, numEnvs: 1, obsDim: 2, actionDim: 1 }, new Xoshiro128(3));
    fill(replay, 24);
    const T = 5;
    const starts = 24 - T + 1; // 20 possible sequences
    const draws = 20000;
    const batch = replay.sample(draws, T);
    const counts = new Array<number>(starts).fill(0);
    for (let b = 0; b < draws; b++) counts[at(batch.obs, b * T * 2 + 1)]!++;
    const expected = draws / starts;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: P(chi2 > 43.8) = 0.001
    expect(chi2).toBeLessThan(43.8);
    expect(replay.sequenceCount(T)).toBe(starts);
  });

  it('samples uniformly over the starts of all streams together (chi-square)', () => {
    const replay = new Replay({ capacity: 24, numEnvs: 2, obsDim: 2, actionDim: 1 }, new Xoshiro128(8));
    fill(replay, 12);
    const T = 5;
    const perEnv = 12 - T + 1; // 8 starts in each of 2 streams
    const draws = 16000;
    const batch = replay.sample(draws, T);
    const counts = new Array<number>(2 * perEnv).fill(0);
    for (let b = 0; b < draws; b++) counts[at(batch.obs, b * T * 2) * perEnv + at(batch.obs, b * T * 2 + 1)]!++;
    const expected = draws / counts.length;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 15 degrees of freedom: P(chi2 > 37.7) = 0.001
    expect(chi2).toBeLessThan(37.7);
  });

  it('is reproducible with the same seed', () => {
    const make = (seed: number): Replay => {
      const r = new Replay({ capacity: 50, numEnvs: 2, obsDim: 2, actionDim: 1 }, new Xoshiro128(seed));
      fill(r, 25);
      return r;
    };
    expect(make(4).sample(8, 6).obs).toEqual(make(4).sample(8, 6).obs);
    expect(make(4).sample(8, 6).obs).not.toEqual(make(5).sample(8, 6).obs);
  });

  it('saves and restores its state so sampling and adding continue identically', () => {
    const options = { capacity: 30, numEnvs: 3, obsDim: 2, actionDim: 1 };
    const original = new Replay(options, new Xoshiro128(6));
    fill(original, 17);
    original.sample(4, 3);
    const saved = original.state();
    const copy = { meta: JSON.parse(JSON.stringify(saved.meta)), arrays: Object.fromEntries(Object.entries(saved.arrays).map(([k, v]) => [k, v.slice()])) } as typeof saved;
    const restored = new Replay(options, new Xoshiro128(999));
    restored.load(copy);
    expect(restored.sample(16, 4)).toEqual(original.sample(16, 4));
    restored.add(step(17, 3));
    original.add(step(17, 3));
    expect(restored.sample(16, 8)).toEqual(original.sample(16, 8));
    expect(restored.size).toBe(original.size);
  });

  it('refuses a state of another shape, naming what differs', () => {
    const saved = new Replay({ capacity: 30, numEnvs: 3, obsDim: 2, actionDim: 1 }).state();
    expect(() => new Replay({ capacity: 30, numEnvs: 3, obsDim: 4, actionDim: 1 }).load(saved)).toThrow(CheckpointError);
    expect(() => new Replay({ capacity: 30, numEnvs: 3, obsDim: 4, actionDim: 1 }).load(saved)).toThrow(/obsDim in the checkpoint is 2 but this run has 4/);
    const bad = { ...saved, arrays: { ...saved.arrays, reward: new Float64Array(30) } } as unknown as typeof saved;
    expect(() => new Replay({ capacity: 30, numEnvs: 3, obsDim: 2, actionDim: 1 }).load(bad)).toThrow(/`reward` is a Float64Array, expected Float32Array/);
  });

  it('explains impossible requests', () => {
    const replay = new Replay({ capacity: 10, numEnvs: 2, obsDim: 2, actionDim: 1 });
    expect(() => replay.sample(1, 6)).toThrow(ConfigError);
    expect(() => replay.sample(1, 3)).toThrow(/no stream holds 3 steps yet/);
    expect(() => replay.sample(1, 3)).toThrow(ReplayError);
    expect(() => new Replay({ capacity: 1, numEnvs: 2, obsDim: 2, actionDim: 1 })).toThrow(/smaller than env.num_envs/);
    expect(() => replay.add({ ...step(0, 2), obs: new Float32Array(3) })).toThrow(/obs has 3 values, expected 4/);
    expect(() => replay.add({ ...step(0, 2), obs: new Float32Array(3) })).toThrow(ReplayError);
    // 1e12 steps of 4-d observations cannot fit any machine: refused before allocating
    expect(() => new Replay({ capacity: 1e12, numEnvs: 1, obsDim: 4, actionDim: 1 })).toThrow(/needs .* GiB, more than .*lower replay\.capacity/);
  });
});
