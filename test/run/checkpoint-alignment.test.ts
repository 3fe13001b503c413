import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { listCheckpoints, loadCheckpoint } from '../../src/run/checkpoint.js';
import { train } from '../../src/run/train.js';
import { TINY } from '../agents/dreamer/helpers.js';

/** CountEnv has no `state` accessor: no checkpoint of its runs can restore an episode in flight. */
const COUNT_ENV = `${join(import.meta.dirname, 'fixtures', 'count-env.ts')}:CountEnv`;
const RUN = [...TINY, 'backend=cpu', 'agent.kind=random', 'run.steps=50', 'run.prefill=10', 'run.eval_every=0', 'run.log_every=10', 'run.checkpoint_every=10', 'run.keep_checkpoints=20', 'log.sinks=[jsonl]'];

function capture(): { stream: { write(chunk: string): boolean }; text: () => string } {
  let text = '';
  return { stream: { write: (chunk: string) => ((text += chunk), true) }, text: () => text };
}

describe('checkpoint alignment', () => {
  it('an env without a state accessor gets its checkpoints when asked, each marked not episode-aligned', async () => {
    const cfg = loadConfig({ overrides: [...RUN, `env.id=${COUNT_ENV}`, 'env.kwargs={terminateAt: 3}'] });
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-align-'));
    await train(cfg, { logdir, quiet: true });
    const ckpts = listCheckpoints(logdir).reverse();
    expect(ckpts.map((c) => c.step)).toEqual([10, 20, 30, 40, 50]);
    expect(ckpts.map((c) => (loadCheckpoint(c.path).json.run as { exact: boolean }).exact)).toEqual([false, false, false, false, false]);

    // Resume says it starts new episodes.
    for (const c of listCheckpoints(logdir)) if (c.step > 30) rmSync(c.path, { recursive: true });
    const out = capture();
    const again = await train(cfg, { logdir, quiet: true, resume: true, stream: out.stream });
    expect(again.steps).toBe(50);
    expect(out.text()).toMatch(/resumed from \S+ckpt-0+30 \(env step 30\): its envs cannot be restored mid-episode \(no `state` accessor, or sub-envs in worker threads\), so every sub-env starts a new episode/);
  }, 60_000);

  it('CartPole (with a state accessor) gets its checkpoints when due, each exact, mid-episode too', async () => {
    const cfg = loadConfig({ config: ['cartpole'], overrides: [...RUN, 'env.max_episode_steps=8'] });
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-align-'));
    await train(cfg, { logdir, quiet: true });
    const ckpts = listCheckpoints(logdir).reverse();
    expect(ckpts.map((c) => c.step)).toEqual([10, 20, 30, 40, 50]);
    const runs = ckpts.map((c) => loadCheckpoint(c.path).json.run as { exact: boolean; driver: { isFirst: boolean[] } });
    expect(runs.map((r) => r.exact)).toEqual([true, true, true, true, true]);
    const aligned = ckpts.filter((_, i) => runs[i]!.driver.isFirst.every(Boolean));
    const mid = ckpts.filter((_, i) => !runs[i]!.driver.isFirst.every(Boolean));
    expect(mid.length).toBeGreaterThan(0);
    for (const [c, how] of [
      [mid.at(-1), 'taken mid-episode with every episode in flight saved'],
      [aligned.at(-1), 'episode-aligned, so the run continues exactly as if never stopped'],
    ] as const) {
      if (!c) continue;
      const copy = mkdtempSync(join(tmpdir(), 'dreamer-align-'));
      cpSync(logdir, copy, { recursive: true });
      for (const later of listCheckpoints(copy)) if (later.step > c.step) rmSync(later.path, { recursive: true });
      const out = capture();
      await train(cfg, { logdir: copy, quiet: true, resume: true, stream: out.stream });
      expect(out.text()).toContain(`(env step ${c.step}): ${how}`);
    }
  }, 60_000);
});
