import type { MetricRecord } from './types.js';

/** The log record's fraction of wall time spent in replay sampling + `agent.train` (src/run/profile.ts). */
export const TRAIN_FRAC = 'time/train_frac';
/** Updates taken so far (the run loop's counter). */
export const TRAIN_UPDATES = 'train/updates';

/** Where the run stands when this process starts logging (a resumed run starts past 0). */
export interface EtaStart {
  step: number;
  updates: number;
  /** the records' `time` at the start (seconds the run lasted before this process; 0 by default) */
  time?: number;
}

/**
 * Time left in a training run, from what is left of its two kinds of work: env steps (acting, evaluating, logging)
 * and updates. A single fps misleads twice: during the prefill no update runs (the ETA comes out far too short),
 * and right after it the updates owed for the prefill run at once (far too long). So each kind is timed on its
 * own, from the log records' `time/train_frac`, and the ETA is unknown until the first update has been timed.
 */
export class EtaEstimator {
  private last: { time: number; step: number; updates: number };
  private envSeconds = 0;
  private envSteps = 0;
  private trainSeconds = 0;
  private updatesTimed = 0;

  constructor(
    private readonly totalSteps: number,
    /** the updates the whole run takes (0: the agent does not learn) */
    private readonly totalUpdates: number,
    start: EtaStart = { step: 0, updates: 0 },
  ) {
    this.last = { time: start.time ?? 0, step: start.step, updates: start.updates };
  }

  /** Takes a log record (records without `time/train_frac`, e.g. episode ends, are ignored). */
  observe(record: MetricRecord): void {
    const frac = record.scalars[TRAIN_FRAC];
    if (frac === undefined) return;
    const updates = record.scalars[TRAIN_UPDATES] ?? this.last.updates;
    const seconds = Math.max(0, record.time - this.last.time);
    this.trainSeconds += frac * seconds;
    this.updatesTimed += updates - this.last.updates;
    this.envSeconds += (1 - frac) * seconds;
    this.envSteps += record.step - this.last.step;
    this.last = { time: record.time, step: record.step, updates };
  }

  /** Seconds left, or undefined while a kind of work that remains has not been timed yet. */
  secondsLeft(): number | undefined {
    const stepsLeft = Math.max(0, this.totalSteps - this.last.step);
    const updatesLeft = Math.max(0, this.totalUpdates - this.last.updates);
    if (stepsLeft > 0 && this.envSteps <= 0) return undefined;
    if (updatesLeft > 0 && this.updatesTimed <= 0) return undefined;
    const perStep = this.envSteps > 0 ? this.envSeconds / this.envSteps : 0;
    const perUpdate = this.updatesTimed > 0 ? this.trainSeconds / this.updatesTimed : 0;
    return stepsLeft * perStep + updatesLeft * perUpdate;
  }
}
