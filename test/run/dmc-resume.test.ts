import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { listCheckpoints, loadCheckpoint } from '../../src/run/checkpoint.js';
import type { SubEnvState } from '../../src/run/run-state.js';
import { train } from '../../src/run/train.js';
import { TINY } from '../agents/dreamer/helpers.js';
import { metricsWithoutTime } from './metrics-file.js';

/** A short seeded DMC run, 2 sub-envs, action repeat 2, 12-step episodes, a checkpoint due every 10 env steps. */
const RUN = [
  ...TINY,
  'backend=cpu',
  'env.id=dm_control/cartpole-swingup-v0',
  'env.num_envs=2',
  'env.action_repeat=2',
  'env.max_episode_steps=12',
  'run.steps=96',
  'run.prefill=24',
  'run.train_ratio=8.0',
  'run.eval_every=48',
  'run.eval_episodes=1',
  'run.log_every=24',
  'run.checkpoint_every=10',
  'run.keep_checkpoints=20',
  'replay.batch_size=2',
  'replay.seq_len=8',
  'log.sinks=[jsonl]',
];

interface RunJson {
  exact: boolean;
  envs: SubEnvState[] | null;
}

describe('checkpoints and resume of a DMC run', () => {
  it('saves each sub-env\'s physics state; resumed from a mid-run checkpoint, the run writes the uninterrupted run\'s metrics', async () => {
    const cfg = loadConfig({ overrides: RUN });
    const full = mkdtempSync(join(tmpdir(), 'dreamer-dmc-resume-'));
    const result = await train(cfg, { logdir: full, quiet: true });
    const ckpts = listCheckpoints(full);
    // The physics is restorable and the agent saves its carry, so every due checkpoint is exact (mid-episode
    // ones: test/run/mid-episode-resume.test.ts). The earliest after training started: most of the run follows it.
    const mid = [...ckpts].reverse().find((c) => c.step > 24 && c.step < 96 && (loadCheckpoint(c.path).json.run as RunJson).exact);
    expect(mid).toBeDefined();
    const envs = (loadCheckpoint(mid!.path).json.run as RunJson).envs!;
    expect(envs).toHaveLength(2);
    // [control steps, episode model fields, MuJoCo's state]: the two sub-envs' episodes started differently.
    for (const e of envs) expect(e.state!.length).toBeGreaterThan(10);
    expect(envs[0]!.state).not.toEqual(envs[1]!.state);

    const resumed = mkdtempSync(join(tmpdir(), 'dreamer-dmc-resume-'));
    cpSync(full, resumed, { recursive: true });
    for (const c of listCheckpoints(resumed)) if (c.step > mid!.step) rmSync(c.path, { recursive: true });
    const again = await train(cfg, { logdir: resumed, quiet: true, resume: true });

    expect(again.updates).toBe(result.updates);
    expect(again.evals).toEqual(result.evals);
    expect(metricsWithoutTime(resumed)).toEqual(metricsWithoutTime(full));
  }, 120_000);
});
