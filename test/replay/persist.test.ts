import { describe, expect, it } from 'vitest';
import { decodeNpz, encodeNpz } from '../../src/io/index.js';
import { Replay, Xoshiro128, exportReplay, importReplay, type ReplayStep } from '../../src/replay/index.js';
import { CheckpointError } from '../../src/util/errors.js';

/** Sub-env n at step t shows obs [n, t], took action [t], got reward t / 2; episodes restart every 4 steps. */
function step(t: number, numEnvs: number): ReplayStep {
  const obs = new Float32Array(numEnvs * 2);
  for (let n = 0; n < numEnvs; n++) obs.set([n, t], n * 2);
  const flag = (v: boolean): number[] => new Array<number>(numEnvs).fill(v ? 1 : 0);
  return { obs, action: new Float32Array(numEnvs).fill(t), reward: new Float32Array(numEnvs).fill(t / 2), isFirst: flag(t % 4 === 0), isLast: flag(t % 4 === 3), isTerminal: flag(t % 8 === 3) };
}

const options = { capacity: 12, numEnvs: 2, obsDim: 2, actionDim: 1 };

function filled(steps: number, seed = 1): Replay {
  const replay = new Replay(options, new Xoshiro128(seed));
  for (let t = 0; t < steps; t++) replay.add(step(t, 2));
  return replay;
}

describe('exportReplay / importReplay', () => {
  it('exports each stream oldest first with NumPy-friendly names, dtypes and shapes', () => {
    const { arrays } = exportReplay(filled(9)); // 6 rows per stream: t = 3..8 after wrapping
    expect(arrays.obs!.shape).toEqual([2, 6, 2]);
    expect(Array.from(arrays.obs!.data as Float32Array)).toEqual([0, 1].flatMap((n) => [3, 4, 5, 6, 7, 8].flatMap((t) => [n, t])));
    expect(Array.from(arrays.action!.data as Float32Array)).toEqual([3, 4, 5, 6, 7, 8, 3, 4, 5, 6, 7, 8]);
    expect(arrays.is_first).toMatchObject({ dtype: 'BOOL', shape: [2, 6] });
    expect(Array.from(arrays.is_first!.data as Uint8Array)).toEqual([0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(arrays.is_terminal!.data as Uint8Array)).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('restores through an .npz file so that sampling and adding continue identically', () => {
    const original = filled(9);
    original.sample(3, 2);
    const exported = exportReplay(original);
    const roundTrip = { meta: JSON.parse(JSON.stringify(exported.meta)), arrays: decodeNpz(encodeNpz(exported.arrays, { compress: true }), 'replay.npz') };
    const restored = new Replay(options, new Xoshiro128(77));
    importReplay(restored, roundTrip);
    expect(restored.sample(10, 4)).toEqual(original.sample(10, 4));
    for (const r of [original, restored]) for (let t = 9; t < 14; t++) r.add(step(t, 2));
    expect(restored.sample(10, 6)).toEqual(original.sample(10, 6));
  });

  it('restores a replay that has not wrapped yet', () => {
    const original = filled(3);
    const restored = new Replay(options, new Xoshiro128(0));
    importReplay(restored, exportReplay(original));
    expect(restored.size).toBe(6);
    expect(restored.sample(5, 3)).toEqual(original.sample(5, 3));
  });

  it('refuses arrays that do not fit this replay, naming them', () => {
    const exported = exportReplay(filled(5));
    const other = new Replay({ ...options, obsDim: 3 });
    expect(() => importReplay(other, exported)).toThrow(CheckpointError);
    expect(() => importReplay(other, exported)).toThrow(/`obs` has shape \[2, 5, 2\], expected \[2, 5, 3\]/);
    const { reward: _dropped, ...missing } = exported.arrays;
    expect(() => importReplay(new Replay(options), { ...exported, arrays: missing })).toThrow(/missing `reward`/);
  });
});
