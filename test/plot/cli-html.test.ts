import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../cli/helpers.js';

/** Two seeds of one config, logging eval/return_mean at steps 0 and 1000. */
function runs(): string {
  const root = tempDir('cli-plot-html-');
  for (const seed of [0, 1]) {
    const dir = join(root, `seed${seed}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.yaml'), `env:\n  id: CartPole-v1\nrun:\n  seed: ${seed}\n`);
    writeFileSync(join(dir, 'metrics.jsonl'), [0, 1000].map((step) => JSON.stringify({ step, time: 1, 'eval/return_mean': step / 10 + seed })).join('\n'));
  }
  return root;
}

describe('dreamer plot --html', () => {
  it('writes only the page when --out is not given', async () => {
    const root = runs();
    const page = join(root, 'share', 'curves.html');
    const r = await runCli(['plot', root, '--html', page]);
    expect([r.code, r.err]).toEqual([0, []]);
    expect(r.out).toEqual(['CartPole-v1: 2 run(s), 4 points', `wrote ${page}`]);
    expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('writes the figure and the page together', async () => {
    const root = runs();
    const [png, page] = [join(root, 'c.png'), join(root, 'c.html')];
    const r = await runCli(['plot', root, '--out', png, '--html', page]);
    expect(r.out.slice(-2)).toEqual([`wrote ${png}`, `wrote ${page}`]);
    expect([existsSync(png), existsSync(page)]).toEqual([true, true]);
  });

  it('exits 2 with the fix for a page that does not end in .html, writing nothing', async () => {
    const root = runs();
    const r = await runCli(['plot', root, '--out', join(root, 'c.png'), '--html', join(root, 'c.txt')]);
    expect([r.code, r.err]).toEqual([2, [`dreamer: cannot write "${join(root, 'c.txt')}": the interactive page must end in .html.`]]);
    expect(existsSync(join(root, 'c.png'))).toBe(false);
  });
});
