import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun } from '../plot/runs.js';
import type { EvalReturns } from './runner.js';
import { SUMMARY_METRIC } from './summary.js';

/** The last and the best eval return a trial logged in its run folder (null before its first evaluation). */
export function evalReturns(dir: string): EvalReturns {
  if (!existsSync(join(dir, 'metrics.jsonl'))) return { final_return: null, best_return: null };
  const { values } = loadRun(dir, SUMMARY_METRIC);
  return values.length === 0 ? { final_return: null, best_return: null } : { final_return: values.at(-1)!, best_return: Math.max(...values) };
}
