import { EtaEstimator, type EtaStart } from './eta.js';
import { formatDuration, formatNumber } from './format.js';
import type { MetricRecord, MetricSink } from './types.js';

/** Where console output goes: process.stdout, or a fake in tests. */
export interface TextStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ConsoleSinkOptions {
  /** env steps of the whole run, for the bar and the ETA */
  totalSteps: number;
  /** updates of the whole run, for the ETA (0 or absent: the agent does not learn) */
  totalUpdates?: number;
  /** where a resumed run starts (the ETA times only this process's work) */
  start?: EtaStart;
  /** auto: a bar on a terminal, plain lines otherwise */
  mode?: 'auto' | 'bar' | 'lines';
  /** seconds between plain lines (a record with an eval result is always printed; the bar redraws at 10 Hz) */
  lineInterval?: number;
  stream?: TextStream;
}

/** Metric names the console knows (the training loop writes these; anything under loss/ is shown too). */
export const EPISODE_RETURN = 'episode/return';
export const EVAL_RETURN = 'eval/return_mean';
export const FPS = 'fps';
export const TRAIN_RATIO = 'train/ratio';
const LOSS_PREFIX = 'loss/';
/** Episodes averaged for the "recent return" shown. */
const RECENT_EPISODES = 10;
const BAR_WIDTH = 20;
const DEFAULT_COLUMNS = 120;
const CLEAR_TO_END_OF_LINE = '\x1b[K';
/** A terminal bar is redrawn at most this often (the loop may log every episode, hundreds per second). */
const BAR_REDRAW_SECONDS = 0.1;

/**
 * The console: on a terminal one progress line redrawn in place (bar, env steps, fps, recent return, eval
 * return, losses, ETA); elsewhere (CI, a pipe) the same facts as plain lines every `lineInterval` seconds.
 */
export class ConsoleSink implements MetricSink {
  private readonly stream: TextStream;
  private readonly bar: boolean;
  private readonly lineInterval: number;
  private readonly recentReturns: number[] = [];
  private readonly latest = new Map<string, number>();
  private lastLineTime = -Infinity;
  private lastRecord: MetricRecord | undefined;
  private printedLast = false;
  private readonly eta: EtaEstimator;

  constructor(private readonly options: ConsoleSinkOptions) {
    this.eta = new EtaEstimator(options.totalSteps, options.totalUpdates ?? 0, options.start);
    this.stream = options.stream ?? process.stdout;
    const mode = options.mode ?? 'auto';
    this.bar = mode === 'bar' || (mode === 'auto' && this.stream.isTTY === true);
    this.lineInterval = options.lineInterval ?? 10;
  }

  write(record: MetricRecord): void {
    this.remember(record);
    this.eta.observe(record);
    this.lastRecord = record;
    const interval = this.bar ? BAR_REDRAW_SECONDS : this.lineInterval;
    const due = record.time - this.lastLineTime >= interval || EVAL_RETURN in record.scalars;
    this.printedLast = due;
    if (!due) return;
    this.lastLineTime = record.time;
    this.print(record);
  }

  close(): void {
    if (this.lastRecord && !this.printedLast) this.print(this.lastRecord);
    if (this.bar) this.stream.write('\n');
  }

  private print(record: MetricRecord): void {
    if (this.bar) this.stream.write(`\r${this.fit(this.statusLine(record))}${CLEAR_TO_END_OF_LINE}`);
    else this.stream.write(`${this.statusLine(record)}\n`);
  }

  private remember(record: MetricRecord): void {
    for (const [name, value] of Object.entries(record.scalars)) this.latest.set(name, value);
    const ret = record.scalars[EPISODE_RETURN];
    if (ret !== undefined) {
      this.recentReturns.push(ret);
      if (this.recentReturns.length > RECENT_EPISODES) this.recentReturns.shift();
    }
  }

  /** e.g. `[######··············] 12,000/100,000 | 512 fps | return 120 | eval 200 | loss/dyn 1.23 | ETA 2m51s` */
  statusLine(record: MetricRecord): string {
    const total = this.options.totalSteps;
    const parts = [`${this.progressBar(record.step / total)} ${formatNumber(record.step)}/${formatNumber(total)}`];
    const fps = this.latest.get(FPS);
    if (fps !== undefined) parts.push(`${formatNumber(fps)} fps`);
    const ratio = this.latest.get(TRAIN_RATIO);
    if (ratio !== undefined) parts.push(`ratio ${formatNumber(ratio)}`);
    if (this.recentReturns.length > 0) parts.push(`return ${formatNumber(mean(this.recentReturns))}`);
    const evalReturn = this.latest.get(EVAL_RETURN);
    if (evalReturn !== undefined) parts.push(`eval ${formatNumber(evalReturn)}`);
    for (const [name, value] of this.latest) if (name.startsWith(LOSS_PREFIX)) parts.push(`${name} ${formatNumber(value)}`);
    const left = this.eta.secondsLeft();
    parts.push(left === undefined ? 'ETA after the first updates' : `ETA ${formatDuration(left)}`);
    return parts.join(' | ');
  }

  private progressBar(fraction: number): string {
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
    return `[${'#'.repeat(filled)}${'·'.repeat(BAR_WIDTH - filled)}]`;
  }

  /** A redrawn line must not wrap, or `\r` no longer returns to its start. */
  private fit(line: string): string {
    const width = (this.stream.columns ?? DEFAULT_COLUMNS) - 1;
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
  }
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
