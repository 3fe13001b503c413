import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { decodeNpz, encodeNpz } from '../../src/io/index.js';
import { Replay, Xoshiro128, exportReplay, importReplay, replayBytesPerStep, replayMemoryLine, type ReplayStep } from '../../src/replay/index.js';
import { CheckpointError, ConfigError } from '../../src/util/errors.js';

/** A row [proprio 2 | image 4x4x3 = 48 | extra 1]: the image columns sit between two vector runs. */
const IMAGE = { offset: 2, size: 48 };
const OBS_DIM = 51;
const options = { capacity: 10, numEnvs: 2, obsDim: OBS_DIM, actionDim: 1, imageColumns: [IMAGE] };

/** Sub-env n at step t: proprio (n + 0.5, -t), pixels (7t + 3n + i) mod 256, extra t / 4. */
function step(t: number, numEnvs = 2): ReplayStep {
  const obs = new Float32Array(numEnvs * OBS_DIM);
  for (let n = 0; n < numEnvs; n++) {
    const row = n * OBS_DIM;
    obs.set([n + 0.5, -t], row);
    for (let i = 0; i < IMAGE.size; i++) obs[row + IMAGE.offset + i] = (7 * t + 3 * n + i) % 256;
    obs[row + 50] = t / 4;
  }
  const flag = (v: boolean): number[] => new Array<number>(numEnvs).fill(v ? 1 : 0);
  return { obs, action: new Float32Array(numEnvs).fill(t), reward: new Float32Array(numEnvs).fill(t), isFirst: flag(t === 0), isLast: flag(false), isTerminal: flag(false) };
}

function filled(steps: number): Replay {
  const replay = new Replay(options, new Xoshiro128(3));
  for (let t = 0; t < steps; t++) replay.add(step(t));
  return replay;
}

describe('the replay stores image columns as uint8', () => {
  it('keeps pixels in a Uint8Array of one byte per value, never float32, and the vector columns as float32', () => {
    const { arrays } = filled(3).state();
    expect(arrays.pixels).toBeInstanceOf(Uint8Array);
    expect(arrays.pixels.length).toBe(10 * IMAGE.size);
    expect(arrays.obs).toBeInstanceOf(Float32Array);
    expect(arrays.obs.length).toBe(10 * (OBS_DIM - IMAGE.size));
  });

  it('gives back every row exactly in a sampled float batch (pixels converted there only)', () => {
    const replay = filled(7); // 5 rows per stream: t = 2..6 after wrapping
    const batch = replay.sample(6, 3);
    expect(batch.obs).toBeInstanceOf(Float32Array);
    for (let b = 0; b < 6; b++) {
      for (let j = 0; j < 3; j++) {
        const row = Array.from(batch.obs.subarray((b * 3 + j) * OBS_DIM, (b * 3 + j + 1) * OBS_DIM));
        const t = batch.action[b * 3 + j]!;
        const n = row[0]! - 0.5;
        expect(row).toEqual(Array.from(step(t).obs.subarray(n * OBS_DIM, (n + 1) * OBS_DIM)));
      }
    }
  });

  it('saves and loads through an .npz file with the pixels as uint8', () => {
    const original = filled(7);
    const exported = exportReplay(original);
    expect(exported.arrays.pixels).toMatchObject({ dtype: 'U8', shape: [2, 5, IMAGE.size] });
    expect(exported.arrays.obs).toMatchObject({ dtype: 'F32', shape: [2, 5, 3] });
    const arrays = decodeNpz(encodeNpz(exported.arrays, { compress: true }), 'replay.npz');
    expect(arrays.pixels!.data).toBeInstanceOf(Uint8Array);
    const restored = new Replay(options, new Xoshiro128(77));
    importReplay(restored, { meta: JSON.parse(JSON.stringify(exported.meta)), arrays });
    expect(restored.sample(8, 4)).toEqual(original.sample(8, 4));
    // A run whose rows have no image columns cannot take it.
    const vectorOnly = new Replay({ ...options, imageColumns: [] });
    expect(() => importReplay(vectorOnly, { meta: exported.meta, arrays })).toThrow(CheckpointError);
  });

  it('counts the bytes per step (1 per pixel, 4 per float) and says what it holds at capacity', () => {
    // (3 vector columns + 1 action + 1 reward) * 4 + 48 pixels + 3 flags
    expect(replayBytesPerStep(options)).toBe(5 * 4 + 48 + 3);
    const frame64 = { obsDim: 64 * 64 * 3, actionDim: 2, imageColumns: [{ offset: 0, size: 64 * 64 * 3 }] };
    expect(replayBytesPerStep(frame64)).toBe(12288 + 3 * 4 + 3);
    expect(replayMemoryLine(filled(1))).toMatch(/^replay: 71 bytes per step \(48 of them image bytes, stored as uint8\) x 10 steps = 710 B at capacity \(replay\.capacity\); machine [\d.]+ GiB/);
  });

  it('refuses at construction a capacity that does not fit the machine, with the number and the key to lower', () => {
    const frame = { numEnvs: 1, obsDim: 64 * 64 * 3, actionDim: 2, imageColumns: [{ offset: 0, size: 64 * 64 * 3 }] };
    const capacity = Math.ceil(totalmem() / 12303) + 1; // more steps than the machine has bytes for
    expect(() => new Replay({ ...frame, capacity })).toThrow(ConfigError);
    expect(() => new Replay({ ...frame, capacity })).toThrow(new RegExp(`replay.capacity ${capacity.toLocaleString('en-US')} x 12,303 bytes per step .*lower replay.capacity to at most [\\d,]+`));
  });

  it('refuses image columns outside the row or overlapping', () => {
    expect(() => new Replay({ ...options, imageColumns: [{ offset: 40, size: 48 }] })).toThrow(ConfigError);
    expect(() => new Replay({ ...options, imageColumns: [{ offset: 2, size: 10 }, { offset: 5, size: 4 }] })).toThrow(/sorted, non-overlapping/);
  });
});
