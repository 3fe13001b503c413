import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointsDir, latestCheckpoint, loadCheckpoint, saveCheckpoint } from '../../src/run/checkpoint.js';

const WRITER = join(import.meta.dirname, 'fixtures', 'checkpoint-writer.ts');
const KILLS = 3;

/** The writer bundled to plain JavaScript once (esbuild, tsx's compiler), so each child starts in milliseconds. */
function bundleWriter(): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as {
    buildSync(opts: Record<string, unknown>): unknown;
  };
  const out = join(mkdtempSync(join(tmpdir(), 'ckpt-writer-')), 'writer.mjs');
  esbuild.buildSync({ entryPoints: [WRITER], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
  return out;
}

/** Starts the writer, waits until it has saved `saves` more checkpoints, then SIGKILLs it after `delayMs`. */
function runAndKill(writer: string, logdir: string, saves: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, logdir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('\n').filter((l) => l.startsWith('saved')).length;
      if (seen === saves) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited without being killed (${signal})`))));
  });
}

describe('checkpoints under SIGKILL', () => {
  it('after each kill the latest checkpoint is complete, consistent and newer than before', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'ckpt-kill-'));
    const writer = bundleWriter();
    let previous = 0;
    for (let k = 0; k < KILLS; k++) {
      // kill 0..35 ms after a save completed: lands at different points of the next write
      await runAndKill(writer, logdir, 1 + (k % 2), (k * 12) % 36);
      const latest = latestCheckpoint(logdir)!;
      expect(latest.step).toBeGreaterThan(previous);
      const ckpt = loadCheckpoint(logdir);
      expect(ckpt.json.meta).toEqual({ step: ckpt.step });
      expect(ckpt.tensors.weights!.w!.data[12345]).toBe(ckpt.step);
      expect(ckpt.arrays.replay!.obs!.data[0]).toBe(ckpt.step);
      previous = latest.step;
    }
    // keep = 2. The oldest is deleted only after the new one is complete, so a kill between the two steps can
    // leave keep + 1 complete checkpoints (never fewer than keep); the next save prunes back to keep.
    const completeNames = (): string[] => readdirSync(checkpointsDir(logdir)).filter((n) => n.startsWith('ckpt-'));
    expect(completeNames().length).toBeLessThanOrEqual(3);
    expect(completeNames().length).toBeGreaterThanOrEqual(2);
    const data = new Float32Array(4).fill(previous + 1000);
    saveCheckpoint(logdir, previous + 1000, { tensors: { weights: { w: { dtype: 'F32', shape: [4], data } } }, json: {}, arrays: {} }, { keep: 2 });
    expect(completeNames()).toHaveLength(2);
    expect(latestCheckpoint(logdir)!.step).toBe(previous + 1000);
  });
});
