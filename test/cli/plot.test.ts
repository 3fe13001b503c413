import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

/** Two seeds of one config, logging eval/return_mean at steps 0 and 1000. */
function runs(): string {
  const root = tempDir('cli-plot-');
  for (const seed of [0, 1]) {
    const dir = join(root, `seed${seed}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.yaml'), `env:\n  id: CartPole-v1\nrun:\n  seed: ${seed}\n`);
    writeFileSync(join(dir, 'metrics.jsonl'), [0, 1000].map((step) => JSON.stringify({ step, time: 1, 'eval/return_mean': step / 10 + seed })).join('\n'));
  }
  return root;
}

describe('dreamer plot', () => {
  it('writes the figure and names each group with its runs and points', async () => {
    const root = runs();
    const out = join(root, 'curves.svg');
    const r = await runCli(['plot', root, '--out', out]);
    expect([r.code, r.err]).toEqual([0, []]);
    expect(r.out).toEqual(['CartPole-v1: 2 run(s), 4 points', `wrote ${out}`]);
    expect(existsSync(out)).toBe(true);
  });

  it('exits 2 with the fix for a wrong extension', async () => {
    const r = await runCli(['plot', runs(), '--out', 'curves.jpg']);
    expect([r.code, r.err]).toEqual([2, ['dreamer: cannot write "curves.jpg": the plot file must end in .png or .svg.']]);
  });
});
