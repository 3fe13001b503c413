import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { defaultLogdir } from '../../src/cli/train.js';
import { seedDir } from '../../src/cli/train-seeds.js';
import { prefixLines } from '../../src/util/prefix-lines.js';
import { randomAgentRun, runCli } from './helpers.js';

describe('train --seeds', () => {
  it('without --logdir, the seed folders sit in one "-seeds<first>-<last>" folder, not inside a "-seed0" run', () => {
    const cfg = loadConfig({ overrides: ['run.seed=3'] });
    const parent = defaultLogdir(cfg, 2);
    expect(parent).toMatch(/^runs\/CartPole-v1\/\d{8}-\d{6}-seeds3-4$/);
    expect(seedDir(parent, 1)).toMatch(/-seeds3-4\/seed1$/);
    expect(defaultLogdir(cfg)).toMatch(/^runs\/CartPole-v1\/\d{8}-\d{6}-seed3$/);
  });

  it('--parallel tags every line of a child run with its seed', async () => {
    const [from, to] = [new PassThrough(), new PassThrough()];
    const out: string[] = [];
    to.on('data', (c: Buffer) => out.push(c.toString()));
    prefixLines(from, to, '[seed 7] ');
    from.end('dreamer train: CartPole-v1\n[#···] 10/20\r[##··] 20/20\ndone\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(out.join('')).toBe('[seed 7] dreamer train: CartPole-v1\n[seed 7] [#···] 10/20\n[seed 7] [##··] 20/20\n[seed 7] done\n');
  });
});

describe('eval --video', () => {
  it('refuses a file name that is not .gif instead of writing a GIF under it', async () => {
    const run = randomAgentRun();
    const mp4 = join(run, 'out.mp4');
    const r = await runCli(['eval', '--checkpoint', run, '--episodes', '1', '--video', mp4]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/cannot write ".*out\.mp4": --video writes an animated GIF, so the file must end in \.gif/);
    expect(existsSync(mp4)).toBe(false);
  });
});

describe('dream --video', () => {
  it('refuses a file name that is not .gif, before opening the run', async () => {
    const mp4 = join(randomAgentRun(), 'dream.mp4');
    const r = await runCli(['dream', '--checkpoint', '/nonexistent/run', '--video', mp4]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/cannot write ".*dream\.mp4": --video writes an animated GIF, so the file must end in \.gif/);
    expect(existsSync(mp4)).toBe(false);
  });
});

describe('check-env --help', () => {
  it('names only example files that exist', async () => {
    const r = await runCli(['check-env', '--help']);
    const files = [...r.out.join('\n').matchAll(/\.\/(\S+\.ts):/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(existsSync(join(import.meta.dirname, '..', '..', f)), f).toBe(true);
  });
});
