import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { decodeGif } from '../video/gif-reader.js';
import { randomAgentRun, runCli } from './helpers.js';

const REPORT_KEYS = ['env', 'episodes', 'return_mean', 'return_std', 'ci95', 'length_mean', 'returns'];

async function evalJson(args: string[]): Promise<Record<string, unknown>> {
  const { code, out, err } = await runCli(['eval', ...args, '--json']);
  expect(err).toEqual([]);
  expect(code).toBe(0);
  return JSON.parse(out[out.length - 1]!) as Record<string, unknown>;
}

describe('dreamer eval', () => {
  it('is listed as a command', () => {
    expect(commands.map((c) => c.name)).toContain('eval');
  });

  it('prints a last JSON line with exactly the documented keys, consistent statistics, repeatable for a seed', async () => {
    const run = randomAgentRun();
    const report = await evalJson(['--checkpoint', run, '--episodes', '4', '--seed', '3']);
    expect(Object.keys(report)).toEqual(REPORT_KEYS);
    const returns = report.returns as number[];
    expect(returns).toHaveLength(4);
    expect([report.episodes, report.length_mean]).toEqual([4, 100]); // PointMass episodes last 100 steps
    const mean = returns.reduce((a, b) => a + b, 0) / 4;
    const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / 4);
    const half = (3.182 * Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / 3)) / 2; // t(0.975, 3) s / sqrt(4)
    expect(report.return_mean).toBeCloseTo(mean, 10);
    expect(report.return_std).toBeCloseTo(std, 10);
    expect((report.ci95 as number[])[0]).toBeCloseTo(mean - half, 10);
    expect((report.ci95 as number[])[1]).toBeCloseTo(mean + half, 10);
    expect(await evalJson(['--checkpoint', run, '--episodes', '4', '--seed', '3'])).toEqual(report);
    expect((await evalJson(['--checkpoint', run, '--episodes', '4', '--seed', '4'])).returns).not.toEqual(returns);
  });

  it('writes the rendered episodes as a GIF: one frame per reset and per step', async () => {
    const run = randomAgentRun(['env.max_episode_steps=6']);
    const gif = join(run, 'eval.gif');
    await evalJson(['--checkpoint', run, '--episodes', '2', '--video', gif]);
    const decoded = decodeGif(new Uint8Array(readFileSync(gif)));
    expect(decoded.frames).toHaveLength(2 * (6 + 1));
    expect([decoded.width, decoded.height]).toEqual([240, 48]);
  });

  it('user errors exit 2 with one line naming the problem and the fix', async () => {
    const missing = await runCli(['eval', '--checkpoint', '/nonexistent/run']);
    expect(missing.code).toBe(2);
    expect(missing.err.join('\n')).toMatch(/^dreamer: no checkpoint at "\/nonexistent\/run": pass the --logdir/);
    const run = randomAgentRun();
    const zero = await runCli(['eval', '--checkpoint', run, '--episodes', '0']);
    expect([zero.code, zero.err[0]]).toEqual([2, 'dreamer: --episodes must be a whole number >= 1, got 0.']);
  });
});
