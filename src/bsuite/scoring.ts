import { CAPABILITIES, PASS_FRACTION, threshold, type BsuiteTask, type Capability } from './tasks.js';

/** One task's result over its seeds. */
export interface TaskScore {
  task: BsuiteTask;
  /** Each seed's last eval return, unscaled (divided by the task's reward scale). */
  returns: number[];
  /** Mean of `returns` (NaN without runs, which score 0 and fail). */
  meanReturn: number;
  /** (meanReturn - random) / (optimum - random), clipped to [0, 1]: 0 is random play, 1 the optimum. */
  score: number;
  threshold: number;
  pass: boolean;
}

/** One report-card row. */
export interface CapabilityScore {
  capability: Capability;
  /** Mean of its tasks' normalised scores. */
  score: number;
  /** The normalised threshold (PASS_FRACTION for every task). */
  threshold: number;
  /** Every one of its tasks passed. */
  pass: boolean;
  tasks: string[];
}

/** The normalised score of an unscaled return: 0 at the random score, 1 at the optimum, clipped to [0, 1]. */
export function normalisedScore(task: BsuiteTask, unscaledReturn: number): number {
  const x = (unscaledReturn - task.random) / (task.optimum - task.random);
  return Math.min(1, Math.max(0, x));
}

/** Scores one task from its seeds' last eval returns as the env reported them (scaled). */
export function scoreTask(task: BsuiteTask, evalReturns: number[]): TaskScore {
  const returns = evalReturns.map((r) => r / task.rewardScale);
  const bar = threshold(task);
  if (returns.length === 0) return { task, returns, meanReturn: Number.NaN, score: 0, threshold: bar, pass: false };
  const meanReturn = returns.reduce((s, r) => s + r, 0) / returns.length;
  return { task, returns, meanReturn, score: normalisedScore(task, meanReturn), threshold: bar, pass: meanReturn >= bar };
}

/** The report card: one row per capability that has a scored task, in CAPABILITIES order. */
export function scoreCapabilities(tasks: TaskScore[]): CapabilityScore[] {
  const rows: CapabilityScore[] = [];
  for (const capability of CAPABILITIES) {
    const mine = tasks.filter((t) => t.task.capability === capability);
    if (mine.length === 0) continue;
    rows.push({
      capability,
      score: mine.reduce((s, t) => s + t.score, 0) / mine.length,
      threshold: PASS_FRACTION,
      pass: mine.every((t) => t.pass),
      tasks: mine.map((t) => t.task.name),
    });
  }
  return rows;
}
