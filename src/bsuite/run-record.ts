import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { EVAL_RETURN } from '../log/index.js';
import { JSONL_FILE } from '../log/jsonl.js';
import { loadRun } from '../plot/runs.js';
import { ConfigError } from '../util/errors.js';

/** Written into a run folder when its run finished: the battery skips that run next time and reads its score here. */
export const RUN_DONE_FILE = 'bsuite-run.json';

/** What RUN_DONE_FILE holds: the run's env steps and its last eval return. */
export interface RunDone {
  task: string;
  seed: number;
  steps: number;
  evalReturn: number;
}

/** The record of a run folder the battery finished before, or undefined when it has none. */
export function readDone(dir: string): RunDone | undefined {
  const path = join(dir, RUN_DONE_FILE);
  if (!existsSync(path)) return undefined;
  let parsed: Partial<RunDone> = {};
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<RunDone>;
  } catch {
    // reported below as a file without evalReturn
  }
  if (typeof parsed.evalReturn !== 'number') {
    throw new ConfigError(`${path} is not a finished run's record (no evalReturn); delete it to run that task and seed again.`);
  }
  return parsed as RunDone;
}

/**
 * The result of a run folder whose run just finished, in this process or in a child: its last evaluation in
 * metrics.jsonl (env step and eval/return_mean), written to RUN_DONE_FILE and returned.
 */
export function finishRun(dir: string, task: string, seed: number): RunDone {
  const last = existsSync(join(dir, JSONL_FILE)) ? lastEval(dir) : undefined;
  if (last === undefined) throw new ConfigError(`${task}: the run made no evaluation; do not set run.eval_every=0 for the battery.`);
  const record: RunDone = { task, seed, steps: last.step, evalReturn: last.value };
  writeFileAtomic(join(dir, RUN_DONE_FILE), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

function lastEval(dir: string): { step: number; value: number } | undefined {
  const { steps, values } = loadRun(dir, EVAL_RETURN); // ascending steps; a torn last line is skipped
  const step = steps.at(-1);
  const value = values.at(-1);
  return step === undefined || value === undefined ? undefined : { step, value };
}
