/**
 * `dreamer bench memory`: trains for a wall-time budget and reports whether memory stays flat, from the run's own
 * `sys/rss_mb` and `sys/num_tensors` metrics (src/run/profile.ts): RSS at the first log record after the warm-up
 * vs at the last record, the medians over the first and last 10 minutes after it (records swing with garbage
 * collection), the peak, and the live tensor count over the same span. Issue 7's target: RSS after
 * warm-up grows ≤ 5 % over a 1-hour run, numTensors flat.
 *
 *   node bin/dreamer.js bench memory --minutes 60 [--warmup-minutes 5] [--config cartpole] [--set run.log_every=250]
 *     [--logdir DIR] [--json]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { PROFILE_KEYS } from '../src/run/profile.js';
import { train } from '../src/run/train.js';
import { DreamerError } from '../src/util/errors.js';
import type { Bench } from './bench.js';

const DEFAULT_MINUTES = 60;
/** Default warm-up: a twelfth of the budget (5 minutes of an hour), when RSS has taken its working size. */
const DEFAULT_WARMUP_SHARE = 1 / 12;
/** The run must not end on its step budget before the wall-time budget does. */
const UNBOUNDED_STEPS = 1_000_000_000;
const MS_PER_MINUTE = 60_000;
const SECONDS_PER_MINUTE = 60;

type MetricRecord = Record<string, number>;

export interface MemoryReport {
  minutes: number;
  warmup_minutes: number;
  steps: number;
  updates: number;
  records: number;
  rss_warm_mb: number;
  rss_end_mb: number;
  rss_peak_mb: number;
  rss_growth_pct: number;
  /** Medians over the first and the last `window_minutes` after the warm-up: robust to the swing between records. */
  window_minutes: number;
  rss_median_warm_mb: number;
  rss_median_end_mb: number;
  rss_median_growth_pct: number;
  tensors_warm: number;
  tensors_end: number;
  tensors_min: number;
  tensors_max: number;
  /** mean time fractions of the post-warm-up records */
  time_frac: Record<string, number>;
  logdir: string;
}

function listArg(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function positiveNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0)) throw new DreamerError(`bench memory: --${name} must be a positive number of minutes, got "${String(value)}".`);
  return n;
}

function readRecords(logdir: string): MetricRecord[] {
  return readFileSync(join(logdir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as MetricRecord)
    .filter((r) => PROFILE_KEYS.rss in r);
}

/** Default median window: 10 minutes, or a quarter of the time after the warm-up when that is shorter. */
const DEFAULT_WINDOW_MINUTES = 10;
const WINDOW_SHARE = 1 / 4;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The report from a run's log records (`time` in seconds since the run started). */
export function memoryReport(records: MetricRecord[], minutes: number, warmupMinutes: number, logdir: string,
  windowMinutes = Math.min(DEFAULT_WINDOW_MINUTES, (minutes - warmupMinutes) * WINDOW_SHARE)): MemoryReport {
  const warmIndex = records.findIndex((r) => r.time! >= warmupMinutes * SECONDS_PER_MINUTE);
  if (warmIndex < 0) {
    throw new DreamerError(`bench memory: no log record after the ${warmupMinutes}-minute warm-up; lengthen --minutes or log more often (--set run.log_every=N).`);
  }
  const span = records.slice(warmIndex);
  const [warm, end] = [span[0]!, span.at(-1)!];
  const rss = span.map((r) => r[PROFILE_KEYS.rss]!);
  const tensors = span.map((r) => r[PROFILE_KEYS.tensors]!);
  const [startTime, endTime] = [warm.time!, end.time!];
  const windowSeconds = windowMinutes * SECONDS_PER_MINUTE;
  const rssIn = (from: number, to: number): number[] =>
    span.filter((r) => r.time! >= from && r.time! <= to).map((r) => r[PROFILE_KEYS.rss]!);
  const medianWarm = median(rssIn(startTime, startTime + windowSeconds));
  const medianEnd = median(rssIn(endTime - windowSeconds, endTime));
  const meanOf = (key: string): number => span.reduce((s, r) => s + (r[key] ?? 0), 0) / span.length;
  const fracKeys = [PROFILE_KEYS.env, PROFILE_KEYS.policy, PROFILE_KEYS.train, PROFILE_KEYS.eval, PROFILE_KEYS.other];
  return {
    minutes,
    warmup_minutes: warmupMinutes,
    steps: end.step!,
    updates: end['train/updates']!,
    records: span.length,
    rss_warm_mb: warm[PROFILE_KEYS.rss]!,
    rss_end_mb: end[PROFILE_KEYS.rss]!,
    rss_peak_mb: Math.max(...rss),
    rss_growth_pct: (100 * (end[PROFILE_KEYS.rss]! - warm[PROFILE_KEYS.rss]!)) / warm[PROFILE_KEYS.rss]!,
    window_minutes: windowMinutes,
    rss_median_warm_mb: medianWarm,
    rss_median_end_mb: medianEnd,
    rss_median_growth_pct: (100 * (medianEnd - medianWarm)) / medianWarm,
    tensors_warm: warm[PROFILE_KEYS.tensors]!,
    tensors_end: end[PROFILE_KEYS.tensors]!,
    tensors_min: Math.min(...tensors),
    tensors_max: Math.max(...tensors),
    time_frac: Object.fromEntries(fracKeys.map((k) => [k, meanOf(k)])),
    logdir,
  };
}

export const memoryBench: Bench = {
  name: 'memory',
  describe: 'train for --minutes (default 60) of wall time; RSS after --warmup-minutes vs at the end, numTensors (--config, --set k=v)',
  async run(args) {
    const minutes = positiveNumber('minutes', args.minutes, DEFAULT_MINUTES);
    const warmupMinutes = positiveNumber('warmup-minutes', args['warmup-minutes'] ?? args.warmupMinutes, minutes * DEFAULT_WARMUP_SHARE);
    const preset = String(args.config ?? 'cartpole');
    const cfg = loadConfig({ config: preset, overrides: [`run.steps=${UNBOUNDED_STEPS}`, ...listArg(args.set)] });
    const logdir = args.logdir === undefined ? mkdtempSync(join(tmpdir(), 'dreamer-memory-')) : String(args.logdir);
    console.log(`bench memory: ${preset} for ${minutes} min (warm-up ${warmupMinutes} min), logdir ${logdir}`);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), minutes * MS_PER_MINUTE);
    try {
      await train(cfg, { logdir, quiet: true, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
    const r = memoryReport(readRecords(logdir), minutes, warmupMinutes, logdir);
    console.log(
      `RSS ${r.rss_warm_mb.toFixed(1)} MB after warm-up -> ${r.rss_end_mb.toFixed(1)} MB at the end ` +
        `(${r.rss_growth_pct >= 0 ? '+' : ''}${r.rss_growth_pct.toFixed(2)} %, peak ${r.rss_peak_mb.toFixed(1)} MB); ` +
        `numTensors ${r.tensors_warm} -> ${r.tensors_end} (min ${r.tensors_min}, max ${r.tensors_max}); ` +
        `${r.steps} env steps, ${r.updates} updates, ${r.records} records after warm-up`,
    );
    console.log(
      `RSS median over the first ${r.window_minutes.toFixed(1)} min after warm-up ${r.rss_median_warm_mb.toFixed(1)} MB -> ` +
        `over the last ${r.window_minutes.toFixed(1)} min ${r.rss_median_end_mb.toFixed(1)} MB ` +
        `(${r.rss_median_growth_pct >= 0 ? '+' : ''}${r.rss_median_growth_pct.toFixed(2)} %)`,
    );
    const fr = Object.entries(r.time_frac).map(([k, v]) => `${k.replace('time/', '').replace('_frac', '')} ${(100 * v).toFixed(1)} %`);
    console.log(`time split after warm-up (mean of records): ${fr.join(', ')}`);
    if (args.json) console.log(JSON.stringify(r));
  },
};
