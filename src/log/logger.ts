import type { MetricRecord, MetricSink } from './types.js';
import { ClosedError } from '../util/errors.js';

const MS_PER_SECOND = 1000;

export interface LoggerOptions {
  /** milliseconds since the Unix epoch; injectable for tests */
  clock?: () => number;
  /** seconds the run had already lasted before this process started (resume) */
  timeOffset?: number;
}

/** Fans each record out to every sink; stamps it with run time and wall time. */
export class Logger {
  private readonly clock: () => number;
  private readonly startMs: number;
  private readonly timeOffset: number;
  private closed = false;

  constructor(
    private readonly sinks: readonly MetricSink[],
    options: LoggerOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.startMs = this.clock();
    this.timeOffset = options.timeOffset ?? 0;
  }

  /** Seconds since the run started, counting the time before a resume. */
  elapsed(): number {
    return this.timeOffset + (this.clock() - this.startMs) / MS_PER_SECOND;
  }

  log(step: number, scalars: Record<string, number>): MetricRecord {
    if (this.closed) throw new ClosedError('Logger.log after close(): log every record before closing the logger (or create a new one)');
    const record: MetricRecord = { step, time: this.elapsed(), wallTime: this.clock() / MS_PER_SECOND, scalars: { ...scalars } };
    for (const sink of this.sinks) sink.write(record);
    return record;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const sink of this.sinks) sink.close();
  }
}
