import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { latestCheckpoint } from '../run/checkpoint.js';
import { overrideArgs } from './trials.js';

/** Each trial's console output, in its run folder (kept across attempts). */
export const TRAIN_LOG = 'train.log';

/**
 * `dreamer train` arguments of a trial: `--resume` when its folder has a checkpoint (an unfinished or crashed
 * run), else a fresh run, after clearing what a run that died before its first checkpoint left (but train.log).
 */
export function trainArgs(base: readonly string[], overrides: Record<string, unknown>, dir: string): string[] {
  if (existsSync(dir) && latestCheckpoint(dir) !== undefined) return ['train', '--resume', dir];
  if (existsSync(dir)) for (const name of readdirSync(dir)) if (name !== TRAIN_LOG) rmSync(join(dir, name), { recursive: true, force: true });
  return ['train', ...base.flatMap((b) => ['--config', b]), ...overrideArgs(overrides), '--logdir', dir];
}
