import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DreamerAgent } from '../../agents/dreamer/agent.js';
import { loadConfig } from '../../src/config/index.js';
import { listCheckpoints, loadCheckpoint } from '../../src/run/checkpoint.js';
import { Driver } from '../../src/run/driver.js';
import { train } from '../../src/run/train.js';
import { metricsWithoutTime } from './metrics-file.js';
import { TINY } from '../agents/dreamer/helpers.js';

/** Env step (over the training driver) at each full garbage collection. */
const gcAt: number[] = [];
let envSteps = 0;
vi.mock('../../src/run/full-gc.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/run/full-gc.js')>();
  return { ...real, collectGarbage: () => void gcAt.push(envSteps) };
});

afterEach(() => vi.restoreAllMocks());

/**
 * The run loop's schedules as they were before the loop became schedule objects (recorded 2026-12-04 from the
 * hand-kept loop): a fractional train ratio (8/3 env steps per update), evals, logs and periodic GCs. Any refactor of
 * the loop must keep every moment. Checkpoints then waited for an episode start; since every step restores exactly
 * (the agent saves its carry) they are written when due.
 */
const RUN = [
  ...TINY,
  'backend=cpu',
  'run.steps=70',
  'run.prefill=20',
  'run.train_ratio=6.0',
  'run.eval_every=30',
  'run.eval_episodes=1',
  'run.log_every=25',
  'run.checkpoint_every=10',
  'run.keep_checkpoints=50',
  'run.gc_every=15',
  'replay.batch_size=2',
  'replay.seq_len=8',
  'env.max_episode_steps=12',
  'log.sinks=[jsonl]',
];

describe('the run loop schedule', () => {
  it('updates, evals, logs, checkpoints and GCs land at the same env steps as before the refactor', async () => {
    const updatesAt: number[] = [];
    const step = Driver.prototype.step;
    vi.spyOn(Driver.prototype, 'step').mockImplementation(function (this: Driver, agent, mode) {
      const ends = step.call(this, agent, mode);
      if (mode === 'explore') envSteps += this.numEnvs;
      return ends;
    });
    const trainUpdate = DreamerAgent.prototype.train;
    vi.spyOn(DreamerAgent.prototype, 'train').mockImplementation(function (this: DreamerAgent, batch) {
      updatesAt.push(envSteps);
      return trainUpdate.call(this, batch);
    });
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-schedule-'));
    const result = await train(loadConfig({ config: ['cartpole'], overrides: RUN }), { logdir, quiet: true });

    // Prefill ends at 20: ceil(20 * 3 / 8) = 8 updates at once, then one whenever updates < steps * 3 / 8.
    expect(updatesAt).toEqual(SCHEDULE.updatesAt);
    expect(result.evals.map(([s]) => s)).toEqual(SCHEDULE.evals);
    const logSteps = metricsWithoutTime(logdir).filter((r) => 'train/updates' in r).map((r) => r.step);
    expect(logSteps).toEqual(SCHEDULE.logs);
    expect(listCheckpoints(logdir).map((c) => c.step).reverse()).toEqual(SCHEDULE.checkpoints);
    expect(gcAt).toEqual(SCHEDULE.gcs);
  }, 60_000);

  it('an agent that cannot save its carry gets due checkpoints at the next episode start of every sub-env (at most a period late)', async () => {
    const saveCarry = Object.getOwnPropertyDescriptor(DreamerAgent.prototype, 'saveCarry')!;
    delete (DreamerAgent.prototype as Partial<DreamerAgent>).saveCarry;
    try {
      const logdir = mkdtempSync(join(tmpdir(), 'dreamer-schedule-'));
      await train(loadConfig({ config: ['cartpole'], overrides: RUN }), { logdir, quiet: true });
      const ckpts = listCheckpoints(logdir).reverse();
      const runs = ckpts.map((c) => loadCheckpoint(c.path).json.run as { exact: boolean; restart?: string; carry: { acting: string; saved: boolean }; driver: { isFirst: boolean[] } });
      const period = 10;
      ckpts.forEach((c, i) => {
        const run = runs[i]!;
        const due = i === 0 ? period : (Math.floor(ckpts[i - 1]!.step / period) + 1) * period;
        expect(run.carry.saved).toBe(false);
        // The explorer (prefill) carries nothing: its checkpoints are written when due, exact.
        if (run.carry.acting === 'explorer') expect(run.exact).toBe(true);
        // The agent's: at an episode start (exact), or a full period late / at the end (not exact: 'carry').
        else if (run.exact) expect(run.driver.isFirst.every(Boolean)).toBe(true);
        else expect([run.restart, c.step - due >= period || c.step === 70]).toEqual(['carry', true]);
      });
      expect(runs.some((r) => r.carry.acting === 'agent' && r.exact)).toBe(true);
      expect(ckpts.map((c) => c.step)).not.toEqual(SCHEDULE.checkpoints);
    } finally {
      Object.defineProperty(DreamerAgent.prototype, 'saveCarry', saveCarry);
    }
  }, 60_000);
});

const SCHEDULE = {
  updatesAt: [20, 20, 20, 20, 20, 20, 20, 20, 22, 25, 27, 30, 33, 35, 38, 41, 43, 46, 49, 51, 54, 57, 59, 62, 65, 67, 70],
  evals: [30, 60, 70],
  logs: [25, 50, 70],
  // when due (every step restores exactly), and at the end
  checkpoints: [10, 20, 30, 40, 50, 60, 70],
  gcs: [15, 30, 45, 60],
};
