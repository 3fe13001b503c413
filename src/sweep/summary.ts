import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { ci95, mean } from '../plot/stats.js';
import type { TrialState } from './state.js';

export const SUMMARY_CSV = 'summary.csv';
export const SUMMARY_MD = 'summary.md';
/** The metric the summary ranks by: the mean eval return of each trial's last evaluation. */
export const SUMMARY_METRIC = 'eval/return_mean';

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
}

/**
 * Per point: mean and Student-t 95 % interval over seeds of each finished trial's last eval return, ranked by the
 * mean (best first; points with no finished trial last). `searched` lists the keys that vary across points.
 */
export function summarise(states: readonly TrialState[], searched: readonly string[]): PointSummary[] {
  const byPoint = new Map<string, TrialState[]>();
  for (const s of states) byPoint.set(s.point_id, [...(byPoint.get(s.point_id) ?? []), s]);
  const rows = [...byPoint].map(([pointId, trials]) => {
    const finals = trials.filter((t) => t.status === 'done' && t.final_return !== null).map((t) => t.final_return!);
    const [lo, hi] = finals.length > 0 ? ci95(finals) : [null, null];
    const point = Object.fromEntries(searched.map((k) => [k, trials[0]!.overrides[k]]));
    return { rank: 0, pointId, point, finals, mean: finals.length > 0 ? mean(finals) : null, ciLow: lo, ciHigh: hi, seeds: trials.length, failed: trials.filter((t) => t.status === 'failed').length };
  });
  rows.sort((a, b) => (b.mean ?? -Infinity) - (a.mean ?? -Infinity));
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

/** summary.csv: one row per point, machine-readable (empty cells for points with no finished trial). */
export function summaryCsv(rows: readonly PointSummary[], searched: readonly string[]): string {
  const header = ['rank', 'point', ...searched, 'seeds_done', 'seeds', 'failed', 'mean', 'ci95_low', 'ci95_high'];
  const cell = (v: unknown): string => {
    const text = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = rows.map((r) => [r.rank, r.pointId, ...searched.map((k) => r.point[k]), r.finals.length, r.seeds, r.failed, r.mean, r.ciLow, r.ciHigh].map(cell).join(','));
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

/** summary.md: the same as a table for people, `mean ± half-width` of the 95 % interval. */
export function summaryMarkdown(rows: readonly PointSummary[], searched: readonly string[]): string {
  const header = ['rank', ...searched, `${SUMMARY_METRIC} (last eval), mean ± 95 % CI`, 'seeds done', 'failed', 'point'];
  const lines = rows.map((r) => ['' + r.rank, ...searched.map((k) => show(r.point[k])), meanCi(r), `${r.finals.length}/${r.seeds}`, '' + r.failed, r.pointId]);
  return [header, header.map(() => '---'), ...lines].map((cols) => `| ${cols.join(' | ')} |`).join('\n') + '\n';
}

export function meanCi(r: PointSummary): string {
  if (r.mean === null) return '-';
  const half = r.ciHigh! - r.mean;
  return r.finals.length < 2 ? `${fmt(r.mean)} (1 seed)` : `${fmt(r.mean)} ± ${fmt(half)}`;
}

/** Writes summary.csv and summary.md into the sweep folder (atomically); returns their paths. */
export function writeSummary(dir: string, rows: readonly PointSummary[], searched: readonly string[]): string[] {
  const files = [join(dir, SUMMARY_CSV), join(dir, SUMMARY_MD)];
  writeFileAtomic(files[0]!, summaryCsv(rows, searched));
  writeFileAtomic(files[1]!, summaryMarkdown(rows, searched));
  return files;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(1) : Number(x.toPrecision(4)).toString();
}
