import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { listCheckpoints, loadCheckpoint } from '../../src/run/checkpoint.js';
import { train } from '../../src/run/train.js';
import { metricsWithoutTime } from './metrics-file.js';
import { TINY } from '../agents/dreamer/helpers.js';

/** A short seeded run with a checkpoint every 10 env steps (each exact, mid-episode too). */
const RUN = [
  ...TINY,
  'backend=cpu',
  'run.steps=80',
  'run.prefill=20',
  'run.train_ratio=8.0',
  'run.eval_every=40',
  'run.eval_episodes=1',
  'run.log_every=20',
  'run.checkpoint_every=10',
  'run.keep_checkpoints=20',
  'replay.batch_size=2',
  'replay.seq_len=8',
  'env.max_episode_steps=15',
  'log.sinks=[jsonl]',
];


describe('checkpoints and resume', () => {
  it('a run resumed from a mid-run checkpoint writes the same metrics as the uninterrupted run', async () => {
    const cfg = loadConfig({ config: ['cartpole'], overrides: RUN });
    const full = mkdtempSync(join(tmpdir(), 'dreamer-resume-'));
    const result = await train(cfg, { logdir: full, quiet: true });
    const ckpts = listCheckpoints(full);
    expect(ckpts[0]!.step).toBe(80);
    // A checkpoint after training started (past prefill), not the last one.
    const mid = ckpts.find((c) => c.step > 30 && c.step < 80 && (loadCheckpoint(c.path).json.run as { exact: boolean }).exact);
    expect(mid).toBeDefined();

    // As if killed right after `mid`: a copy of the run folder without the later checkpoints.
    const resumed = mkdtempSync(join(tmpdir(), 'dreamer-resume-'));
    cpSync(full, resumed, { recursive: true });
    for (const c of listCheckpoints(resumed)) if (c.step > mid!.step) rmSync(c.path, { recursive: true });
    const again = await train(cfg, { logdir: resumed, quiet: true, resume: true });

    expect(again.updates).toBe(result.updates);
    expect(again.evals).toEqual(result.evals);
    expect(metricsWithoutTime(resumed)).toEqual(metricsWithoutTime(full));
    // The final checkpoint holds every part: weights (slow critic too), optimiser moments, replay, run state, config.
    const last = loadCheckpoint(resumed);
    expect(last.step).toBe(80);
    expect(Object.keys(last.tensors.weights!).some((k) => k.startsWith('slow_critic/'))).toBe(true);
    expect(Object.keys(last.tensors.optimizer!).some((k) => k.startsWith('critic/v/'))).toBe(true);
    expect(Object.keys(last.arrays.replay!)).toContain('obs');
    expect(existsSync(join(last.path, 'config.json'))).toBe(true);
    expect(readdirSync(join(resumed, 'checkpoints')).filter((n) => n.startsWith('ckpt-')).length).toBeGreaterThan(1);
  }, 40_000);
});
