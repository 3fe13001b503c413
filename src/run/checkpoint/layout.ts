import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Checkpoints of a run live in LOGDIR/checkpoints/ckpt-<env step, zero-padded>/. */
export const CHECKPOINTS_DIR = 'checkpoints';
export const MANIFEST_FILE = 'MANIFEST.json';
const PREFIX = 'ckpt-';
/** 12 digits sort correctly up to a trillion env steps. */
const STEP_DIGITS = 12;
const TEMP_PREFIX = '.tmp-';
const NAME_PATTERN = /^ckpt-(\d+)$/;
/** File stems a checkpoint may use (no path separators, so a manifest can never point outside its folder). */
export const STEM_PATTERN = /^[A-Za-z0-9_-]+$/;

export function checkpointsDir(logdir: string): string {
  return join(logdir, CHECKPOINTS_DIR);
}

export function checkpointName(step: number): string {
  return `${PREFIX}${String(step).padStart(STEP_DIGITS, '0')}`;
}

export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

export function tempName(step: number, nonce: string): string {
  return `${TEMP_PREFIX}${checkpointName(step)}-${nonce}`;
}

/** Where a checkpoint being deleted is moved first, so a delete cut short leaves a temp folder, never a ckpt-N. */
export function prunedName(name: string): string {
  return `${TEMP_PREFIX}pruned-${name}`;
}

export interface CheckpointEntry {
  path: string;
  step: number;
}

/** Complete checkpoints (folder name ckpt-N with a manifest), newest (highest step) first. */
export function listCheckpoints(logdir: string): CheckpointEntry[] {
  const dir = checkpointsDir(logdir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, match: NAME_PATTERN.exec(name) }))
    .filter(({ name, match }) => match && existsSync(join(dir, name, MANIFEST_FILE)))
    .map(({ name, match }) => ({ path: join(dir, name), step: Number(match![1]) }))
    .sort((a, b) => b.step - a.step);
}

/** The newest complete checkpoint of a run, or undefined when it has none. */
export function latestCheckpoint(logdir: string): CheckpointEntry | undefined {
  return listCheckpoints(logdir)[0];
}

/** True when `path` is itself a checkpoint folder (holds a manifest), as opposed to a run's log folder. */
export function isCheckpointDir(path: string): boolean {
  return existsSync(join(path, MANIFEST_FILE)) && statSync(path).isDirectory();
}

/**
 * ckpt-N folders without a manifest: what an older version's delete left when it was cut short (a SIGKILL in the
 * middle of removing the folder takes the manifest first or last, in no set order). Newest first.
 */
export function incompleteCheckpoints(logdir: string): CheckpointEntry[] {
  const dir = checkpointsDir(logdir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, match: NAME_PATTERN.exec(name) }))
    .filter(({ name, match }) => match && !existsSync(join(dir, name, MANIFEST_FILE)))
    .map(({ name, match }) => ({ path: join(dir, name), step: Number(match![1]) }))
    .sort((a, b) => b.step - a.step);
}
