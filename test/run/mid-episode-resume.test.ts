import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/index.js';
import { listCheckpoints, loadCheckpoint, saveCheckpoint, type CheckpointEntry, type LoadedCheckpoint } from '../../src/run/checkpoint.js';
import type { SubEnvState } from '../../src/run/run-state.js';
import { train, type TrainResult } from '../../src/run/train.js';
import { CheckpointError } from '../../src/util/errors.js';
import { TINY } from '../agents/dreamer/helpers.js';
import { metricsWithoutTime } from './metrics-file.js';

/** What these tests read of a checkpoint's run.json. */
interface RunJson {
  exact: boolean;
  carry?: { acting: string; saved: boolean };
  driver: { isFirst: boolean[]; epLength: number[] };
  envs: SubEnvState[] | null;
}

const COMMON = [...TINY, 'backend=cpu', 'run.train_ratio=8.0', 'run.eval_episodes=1', 'run.checkpoint_every=10', 'run.keep_checkpoints=50', 'replay.batch_size=2', 'replay.seq_len=8', 'log.sinks=[jsonl]'];

/** DMC: 2 sub-envs, action repeat 2, 40-step episodes (84 env steps of the loop each), so most checkpoints fall mid-episode. */
const DMC_RUN = [...COMMON, 'env.id=dm_control/cartpole-swingup-v0', 'env.num_envs=2', 'env.action_repeat=2', 'env.max_episode_steps=40', 'run.steps=200', 'run.prefill=40', 'run.eval_every=100', 'run.log_every=40'];

/** Classic control: CartPole, 1 sub-env, 30-step episodes at most. */
const CARTPOLE_RUN = [...COMMON, 'run.steps=90', 'run.prefill=20', 'run.eval_every=45', 'run.log_every=15', 'env.max_episode_steps=30'];

function runJson(c: CheckpointEntry | LoadedCheckpoint): RunJson {
  return ('json' in c ? c : loadCheckpoint(c.path)).json.run as RunJson;
}

function capture(): { stream: { write(chunk: string): boolean }; text: () => string } {
  let text = '';
  return { stream: { write: (chunk: string) => ((text += chunk), true) }, text: () => text };
}

/** A copy of a run folder as if killed right after checkpoint `step`. */
function killedAfter(full: string, step: number): string {
  const copy = mkdtempSync(join(tmpdir(), 'dreamer-midresume-'));
  cpSync(full, copy, { recursive: true });
  for (const c of listCheckpoints(copy)) if (c.step > step) rmSync(c.path, { recursive: true });
  return copy;
}

/** The first checkpoint after training began with an episode in flight in some sub-env (the agent carries a state). */
function midEpisodeCheckpoint(full: string, after: number): CheckpointEntry | undefined {
  return [...listCheckpoints(full)].reverse().find((c) => c.step > after && runJson(c).driver.isFirst.some((f) => !f) && runJson(c).carry?.acting === 'agent');
}

async function fullRun(cfg: Config): Promise<{ dir: string; result: TrainResult }> {
  const dir = mkdtempSync(join(tmpdir(), 'dreamer-midresume-'));
  return { dir, result: await train(cfg, { logdir: dir, quiet: true }) };
}

function episodeReturns(dir: string): [number, number][] {
  return metricsWithoutTime(dir)
    .filter((r) => 'episode/return' in r)
    .map((r) => [r.step!, r['episode/return']!]);
}

async function expectExactResume(cfg: Config, full: { dir: string; result: TrainResult }, mid: CheckpointEntry): Promise<string> {
  const resumed = killedAfter(full.dir, mid.step);
  const out = capture();
  const again = await train(cfg, { logdir: resumed, quiet: true, resume: true, stream: out.stream });
  expect(out.text()).toContain(`(env step ${mid.step}): taken mid-episode with every episode in flight saved`);
  expect(again.updates).toBe(full.result.updates);
  expect(again.evals).toEqual(full.result.evals);
  // Episodes that were in flight at the checkpoint end after it with the uninterrupted run's returns.
  expect(episodeReturns(resumed).filter(([step]) => step > mid.step).length).toBeGreaterThan(0);
  expect(episodeReturns(resumed)).toEqual(episodeReturns(full.dir));
  expect(metricsWithoutTime(resumed)).toEqual(metricsWithoutTime(full.dir));
  return resumed;
}

describe('resume from a checkpoint taken mid-episode', () => {
  it('DMC cartpole-swingup: the resumed run writes the uninterrupted run\'s metrics, evals and episode returns', async () => {
    const cfg = loadConfig({ overrides: DMC_RUN });
    const full = await fullRun(cfg);
    // Checkpoints are written when due, mid-episode: the wrappers' counters and the agent's carry are saved.
    const mid = midEpisodeCheckpoint(full.dir, 100);
    expect(mid).toBeDefined();
    const saved = loadCheckpoint(mid!.path);
    const run = runJson(saved);
    expect(run.exact).toBe(true);
    expect(run.carry).toEqual({ acting: 'agent', saved: true });
    expect(Object.keys(saved.tensors.carry!).sort()).toEqual(['action', 'deter', 'stoch']);
    expect(saved.tensors.carry!.deter!.shape).toEqual([2, 16]);
    // TimeLimit's count of the episode in flight is among the wrappers' state.
    const elapsed = run.envs!.map((e) => e.wrappers!.find((w) => w !== null && 'elapsedSteps' in w)!.elapsedSteps);
    expect(elapsed.some((n) => (n as number) > 0)).toBe(true);
    await expectExactResume(cfg, full, mid!);
  }, 180_000);

  it('CartPole: the same, and a damaged or missing carry is a CheckpointError naming it', async () => {
    const cfg = loadConfig({ config: ['cartpole'], overrides: CARTPOLE_RUN });
    const full = await fullRun(cfg);
    const mid = midEpisodeCheckpoint(full.dir, 30);
    expect(mid).toBeDefined();
    expect(runJson(mid!).driver.epLength[0]).toBeGreaterThan(0);
    await expectExactResume(cfg, full, mid!);

    // Rewrites checkpoint `mid` of a killed copy (with a consistent manifest) and resumes from it.
    const resumeDamaged = async (damage: (ckpt: LoadedCheckpoint) => void): Promise<unknown> => {
      const dir = killedAfter(full.dir, mid!.step);
      const ckpt = loadCheckpoint(dir);
      damage(ckpt);
      saveCheckpoint(dir, ckpt.step, { tensors: ckpt.tensors, json: ckpt.json, arrays: ckpt.arrays }, { keep: 50 });
      const err = await train(cfg, { logdir: dir, quiet: true, resume: true, stream: capture().stream }).catch((e: unknown) => e);
      // Nothing in the run folder was touched: no metrics past the checkpoint were dropped or written.
      expect(metricsWithoutTime(dir)).toEqual(metricsWithoutTime(full.dir));
      return err;
    };
    const missing = await resumeDamaged((c) => delete c.tensors.carry);
    expect(missing).toBeInstanceOf(CheckpointError);
    expect((missing as Error).message).toMatch(/carry\.safetensors is missing, but run\.json says the agent's carried state was saved there/);

    const misshaped = await resumeDamaged((c) => {
      const deter = c.tensors.carry!.deter!;
      c.tensors.carry!.deter = { ...deter, shape: [1, deter.shape[1]! - 1], data: deter.data.slice(1) };
    });
    expect(misshaped).toBeInstanceOf(CheckpointError);
    expect((misshaped as Error).message).toMatch(/the agent's carry in \S+carry\.safetensors does not match this model: `deter` has shape \[1, 15\], expected \[1, 16\]/);

    const nonfinite = await resumeDamaged((c) => ((c.tensors.carry!.stoch!.data as Float32Array)[0] = NaN));
    expect((nonfinite as Error).message).toMatch(/`stoch` holds NaN at index 0: the carry is damaged/);

    const badEntry = await resumeDamaged((c) => ((c.json.run as RunJson).carry = { acting: 'nobody', saved: true }));
    expect(badEntry).toBeInstanceOf(CheckpointError);
    expect((badEntry as Error).message).toMatch(/run\.json's carry entry is \{"acting":"nobody","saved":true\}/);

    const noCounters = await resumeDamaged((c) => {
      for (const e of (c.json.run as RunJson).envs!) delete e.wrappers;
    });
    expect(noCounters).toBeInstanceOf(CheckpointError);
    expect((noCounters as Error).message).toMatch(/lacks the wrappers' counters of sub-env 0/);
    expect(existsSync(join(full.dir, 'metrics.jsonl'))).toBe(true);
  }, 180_000);
});
