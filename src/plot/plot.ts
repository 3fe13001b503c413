import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { DreamerError } from '../util/errors.js';
import { meanCurve } from './aggregate.js';
import { groupRuns } from './group.js';
import type { RunGroup } from './group.js';
import { interactivePage } from './html.js';
import { svgToPng } from './resvg.js';
import { findRunDirs, loadRun } from './runs.js';
import { learningCurveSpec, type FigureOptions, type Series } from './spec.js';

/** How many logged metric names an error suggests. */
const MAX_SUGGESTED_METRICS = 8;
const X_LABEL = 'env steps';

export interface PlotOptions {
  metric: string;
  /** the figure, .svg or .png; optional when `html` is given */
  out?: string;
  /** an interactive page, .html */
  html?: string;
}

export interface PlotSummary {
  /** the files written, figure first */
  written: string[];
  groups: { label: string; runs: string[]; points: number }[];
}

/** Reads the runs under `logdirs`, groups them by config and writes the learning-curve figure of one metric. */
export async function plotRuns(logdirs: readonly string[], opts: PlotOptions): Promise<PlotSummary> {
  const format = opts.out === undefined ? undefined : figureFormat(opts.out);
  if (opts.html !== undefined) checkHtmlPath(opts.html);
  if (opts.out === undefined && opts.html === undefined) throw new DreamerError('nothing to write: pass --out FILE.png|.svg and/or --html FILE.html.');
  const runs = findRunDirs(logdirs).map((dir) => loadRun(dir, opts.metric));
  const withData = runs.filter((r) => r.steps.length > 0);
  if (withData.length === 0) {
    const logged = [...new Set(runs.flatMap((r) => r.metrics))];
    const shown = logged.slice(0, MAX_SUGGESTED_METRICS).join(', ') + (logged.length > MAX_SUGGESTED_METRICS ? ', ...' : '');
    throw new DreamerError(
      `no "${opts.metric}" values in the ${runs.length} run(s) under ${logdirs.join(', ')}: pick one they logged with --metric (${shown || 'none logged yet'}).`,
    );
  }
  const groups = groupRuns(withData);
  // vega and vega-lite take about a second to load: only `dreamer plot` pays for them, not every CLI command
  const { toVega, vegaLiteToSvg } = await import('./vega.js');
  const figure: FigureOptions = { title: opts.metric, xLabel: X_LABEL, yLabel: opts.metric };
  const series = toSeries(groups);
  const written: string[] = [];
  if (opts.out !== undefined && format !== undefined) {
    const svg = await vegaLiteToSvg(learningCurveSpec(series, figure));
    write(opts.out, format === 'svg' ? svg : svgToPng(svg));
    written.push(opts.out);
  }
  if (opts.html !== undefined) {
    const spec = toVega(learningCurveSpec(series, { ...figure, interactive: true }));
    const runsOf = groups.map((g) => ({ label: g.label, dirs: g.runs.map((r) => r.dir) }));
    write(opts.html, interactivePage({ title: `${opts.metric}: ${groups.map((g) => g.label).join(' vs ')}`, runs: runsOf, spec }));
    written.push(opts.html);
  }
  return {
    written,
    groups: groups.map((g) => ({ label: g.label, runs: g.runs.map((r) => r.dir), points: g.runs.reduce((a, r) => a + r.steps.length, 0) })),
  };
}

function toSeries(groups: RunGroup[]): Series[] {
  return groups.map((g) => ({ label: g.label, curve: meanCurve(g.runs) }));
}

function figureFormat(out: string): 'svg' | 'png' {
  const ext = extname(out).toLowerCase();
  if (ext === '.svg' || ext === '.png') return ext.slice(1) as 'svg' | 'png';
  throw new DreamerError(`cannot write "${out}": the plot file must end in .png or .svg.`);
}

function checkHtmlPath(path: string): void {
  const ext = extname(path).toLowerCase();
  if (ext !== '.html' && ext !== '.htm') throw new DreamerError(`cannot write "${path}": the interactive page must end in .html.`);
}

function write(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
