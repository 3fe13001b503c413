import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pixelsBench } from '../../bench/pixels.js';

describe('dreamer bench pixels', () => {
  afterEach(() => vi.restoreAllMocks());

  it('times the real agent on 64x64x3 frames and prints the figures as JSON, with no tensor leak', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...xs: unknown[]) => void lines.push(xs.map(String).join(' ')));
    const before = tf.memory().numTensors;
    // Tiny sizes: 2 x 3 frames at CNN depth 2; 2 sub-env counts, few calls.
    await pixelsBench.run({ json: true, backend: 'wasm', threads: 1, depth: 2, batch: 2, seq: 3, warmup: 1, reps: 2, calls: 4, envs: '1,3' });
    const out = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual([
      'backend', 'threads', 'image', 'depth', 'batch', 'seq', 'wm_update_ms', 'ac_update_ms', 'update_ms',
      'frames_per_s', 'act_ms', 'tensors', 'load_before', 'load_after',
    ]);
    expect(out.backend).toMatch(/^wasm/);
    expect(out).toMatchObject({ threads: 1, image: [64, 64, 3], depth: 2, batch: 2, seq: 3 });
    const positive = (x: unknown): void => {
      expect(typeof x).toBe('number');
      expect(Number.isFinite(x)).toBe(true);
      expect(x as number).toBeGreaterThan(0);
    };
    for (const k of ['wm_update_ms', 'ac_update_ms', 'update_ms', 'frames_per_s']) positive(out[k]);
    expect(out.update_ms as number).toBeCloseTo((out.wm_update_ms as number) + (out.ac_update_ms as number), 1);
    // frames/s is the B*T replayed frames over the full update (rounding of update_ms aside)
    expect(out.frames_per_s as number).toBeCloseTo((2 * 3 * 1000) / (out.update_ms as number), -1);
    const act = out.act_ms as Record<string, unknown>;
    expect(Object.keys(act)).toEqual(['1', '3']);
    Object.values(act).forEach(positive);
    // The agent's weights and optimiser moments stay alive; a leak per step would be thrown by the bench itself.
    expect(out.tensors as number).toBeGreaterThan(before);
  }, 120_000);

  it('refuses a bad flag naming it', async () => {
    await expect(pixelsBench.run({ json: false, backend: 'wasm', threads: 1, envs: '1,x' })).rejects.toThrow(/--envs 1,x/);
    await expect(pixelsBench.run({ json: false, backend: 'wasm', threads: 1, depth: 0 })).rejects.toThrow(/--depth 0/);
  });
});

describe('the leak check of bench pixels', () => {
  it('passes equal counts and fails loudly on a count that moves', async () => {
    const { assertFlat } = await import('../../bench/pixels.js');
    expect(() => assertFlat('updates', [10, 10, 10])).not.toThrow();
    expect(() => assertFlat('updates', [10, 10, 13])).toThrow(/live tensors changed across the timed updates \(10, 10, 13\)/);
  });
});
