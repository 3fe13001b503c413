import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { latestCheckpoint, loadCheckpoint } from '../../src/run/checkpoint.js';
import { train } from '../../src/run/train.js';
import { Xoshiro128 } from '../../src/replay/index.js';
import { metricsWithoutTime } from './metrics-file.js';
import { CHILD_RUN } from './fixtures/train-child.js';

const CHILD = join(import.meta.dirname, 'fixtures', 'train-child.ts');
const KILLS = 3;
const MAX_DELAY_MS = 400;
const POLL_MS = 25;

const bundles: string[] = [];
afterAll(() => bundles.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * The child bundled to plain JavaScript (esbuild, tsx's compiler), so each start skips compiling. Packages stay
 * external, so the bundle goes under node_modules/.cache where Node resolves the packages.
 */
function bundleChild(): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as { buildSync(opts: Record<string, unknown>): unknown };
  const cache = join(process.cwd(), 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'train-child-'));
  bundles.push(dir);
  const out = join(dir, 'child.mjs');
  esbuild.buildSync({ entryPoints: [CHILD], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error', packages: 'external' });
  return out;
}

/** Starts the child; once it has written a checkpoint past `after`, sends `signal` after `delayMs`. Resolves with its stdout. */
function runChild(child: string, logdir: string, opts: { after?: number; signal?: NodeJS.Signals; delayMs?: number } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, logdir], { stdio: ['ignore', 'pipe', 'ignore'], cwd: process.cwd() });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const poll = setInterval(() => {
      if (opts.signal && (latestCheckpoint(logdir)?.step ?? -1) > (opts.after ?? -1)) {
        clearInterval(poll);
        setTimeout(() => proc.kill(opts.signal), opts.delayMs ?? 0);
      }
    }, POLL_MS);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, out });
    });
  });
}


describe('kill and resume a training run', () => {
  it('SIGKILLed at random moments and resumed each time, the run ends with the uninterrupted run\'s metrics', async () => {
    const child = bundleChild();
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-kill-'));
    const delays = new Xoshiro128(Date.now() >>> 0).integers(0, MAX_DELAY_MS, KILLS);
    for (const delayMs of delays) {
      await runChild(child, logdir, { after: latestCheckpoint(logdir)?.step ?? -1, signal: 'SIGKILL', delayMs });
    }
    const last = await runChild(child, logdir);
    expect(last.code).toBe(0);
    const final = loadCheckpoint(logdir);
    expect(final.step).toBe(100);

    const reference = mkdtempSync(join(tmpdir(), 'dreamer-kill-ref-'));
    await train(loadConfig({ config: ['cartpole'], overrides: CHILD_RUN }), { logdir: reference, quiet: true });
    expect(metricsWithoutTime(logdir)).toEqual(metricsWithoutTime(reference));
  }, 120_000); // child processes: generous on a loaded 2-core machine (about 15 s when idle)

  it.each(['SIGINT', 'SIGTERM'] as const)('%s writes a checkpoint at the step it stopped, then the run exits cleanly', async (signal) => {
    const child = bundleChild();
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-int-'));
    const stopped = await runChild(child, logdir, { after: 20, signal });
    expect(stopped.code).toBe(0);
    expect(stopped.out).toContain(`${signal}: stopping after this step with a checkpoint (send it again to exit at once)`);
    const [, steps] = /interrupted (\d+)/.exec(stopped.out) ?? [];
    expect(Number(steps)).toBeLessThan(100);
    expect(loadCheckpoint(logdir).step).toBe(Number(steps));
  }, 60_000);
});
