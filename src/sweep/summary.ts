import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { ci95, mean } from '../plot/stats.js';
import { DEFAULT_SUMMARY, type SummarySpec } from './spec.js';
import type { TrialState } from './state.js';

export const SUMMARY_CSV = 'summary.csv';
export const SUMMARY_MD = 'summary.md';
/** The metric the summary ranks by: the mean eval return of each trial's last evaluation. */
export const SUMMARY_METRIC = 'eval/return_mean';

/** A trial's logged values of the summary metric, by env step (from its metrics.jsonl). */
export interface TrialCurve {
  steps: number[];
  values: number[];
}

/** A point's metric at one named env step: each seed's value there (its last at or before the step). */
export interface StepSummary {
  step: number;
  values: number[];
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/** One point of the search over its seeds. */
export interface PointSummary {
  rank: number;
  pointId: string;
  /** the point's searched values, by dotted key */
  point: Record<string, unknown>;
  /** the last eval return of each finished seed */
  finals: number[];
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  seeds: number;
  failed: number;
  /** the metric at each of the summary's named steps */
  atSteps: StepSummary[];
}

/**
 * Per point: mean and Student-t 95 % interval over seeds of each finished trial's last value of the metric (and
 * of its value at each named step), ranked by that mean (best first by `mode`; points with no finished trial
 * last). `searched` lists the keys that vary across points. Without `curves`, the last value is the trial's
 * `final_return` (eval/return_mean); with them, each finished trial's curve of `metric`.
 */
export function summarise(states: readonly TrialState[], searched: readonly string[], spec: SummarySpec = DEFAULT_SUMMARY, curves?: ReadonlyMap<string, TrialCurve>): PointSummary[] {
  const byPoint = new Map<string, TrialState[]>();
  for (const s of states) byPoint.set(s.point_id, [...(byPoint.get(s.point_id) ?? []), s]);
  const rows = [...byPoint].map(([pointId, trials]) => {
    const done = trials.filter((t) => t.status === 'done');
    const last = (t: TrialState): number | null => (curves ? (curves.get(t.id)?.values.at(-1) ?? null) : t.final_return);
    const finals = done.map(last).filter((v): v is number => v !== null);
    const atSteps = spec.steps.map((step) => stats(step, done.map((t) => valueAt(curves?.get(t.id), step)).filter((v): v is number => v !== null)));
    const { mean: m, ciLow, ciHigh } = stats(0, finals);
    const point = Object.fromEntries(searched.map((k) => [k, trials[0]!.overrides[k]]));
    return { rank: 0, pointId, point, finals, mean: m, ciLow, ciHigh, seeds: trials.length, failed: trials.filter((t) => t.status === 'failed').length, atSteps };
  });
  const sign = spec.mode === 'min' ? -1 : 1;
  rows.sort((a, b) => (b.mean === null ? -Infinity : sign * b.mean) - (a.mean === null ? -Infinity : sign * a.mean));
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

function stats(step: number, values: number[]): StepSummary {
  if (values.length === 0) return { step, values, mean: null, ciLow: null, ciHigh: null };
  const [lo, hi] = ci95(values);
  return { step, values, mean: mean(values), ciLow: lo, ciHigh: hi };
}

/** The curve's last value at or before `step` (null when it logged none by then). */
export function valueAt(curve: TrialCurve | undefined, step: number): number | null {
  if (!curve) return null;
  let v: number | null = null;
  curve.steps.forEach((s, i) => {
    if (s <= step) v = curve.values[i]!;
  });
  return v;
}

/** summary.csv: one row per point, machine-readable (empty cells for points with no finished trial). */
export function summaryCsv(rows: readonly PointSummary[], searched: readonly string[]): string {
  const steps = rows[0]?.atSteps.map((a) => a.step) ?? [];
  const header = ['rank', 'point', ...searched, 'seeds_done', 'seeds', 'failed', 'mean', 'ci95_low', 'ci95_high', ...steps.flatMap((n) => [`mean@${n}`, `ci95_low@${n}`, `ci95_high@${n}`])];
  const cell = (v: unknown): string => {
    const text = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = rows.map((r) => [r.rank, r.pointId, ...searched.map((k) => r.point[k]), r.finals.length, r.seeds, r.failed, r.mean, r.ciLow, r.ciHigh, ...r.atSteps.flatMap((a) => [a.mean, a.ciLow, a.ciHigh])].map(cell).join(','));
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

/** summary.md: the same as a table for people, `mean ± half-width` of the 95 % interval. */
export function summaryMarkdown(rows: readonly PointSummary[], searched: readonly string[], metric = SUMMARY_METRIC): string {
  const steps = rows[0]?.atSteps.map((a) => a.step) ?? [];
  const header = ['rank', ...searched, `${metric} (last eval), mean ± 95 % CI`, ...steps.map((n) => `at ${n} steps`), 'seeds done', 'failed', 'point'];
  const lines = rows.map((r) => ['' + r.rank, ...searched.map((k) => show(r.point[k])), meanCi(r), ...r.atSteps.map((a) => meanCi({ mean: a.mean, ciHigh: a.ciHigh, finals: a.values })), `${r.finals.length}/${r.seeds}`, '' + r.failed, r.pointId]);
  return [header, header.map(() => '---'), ...lines].map((cols) => `| ${cols.join(' | ')} |`).join('\n') + '\n';
}

export function meanCi(r: Pick<PointSummary, 'mean' | 'ciHigh' | 'finals'>): string {
  if (r.mean === null) return '-';
  const half = r.ciHigh! - r.mean;
  return r.finals.length < 2 ? `${fmt(r.mean)} (1 seed)` : `${fmt(r.mean)} ± ${fmt(half)}`;
}

/** Writes summary.csv and summary.md into the sweep folder (atomically); returns their paths. */
export function writeSummary(dir: string, rows: readonly PointSummary[], searched: readonly string[], metric = SUMMARY_METRIC): string[] {
  const files = [join(dir, SUMMARY_CSV), join(dir, SUMMARY_MD)];
  writeFileAtomic(files[0]!, summaryCsv(rows, searched));
  writeFileAtomic(files[1]!, summaryMarkdown(rows, searched, metric));
  return files;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(1) : Number(x.toPrecision(4)).toString();
}
