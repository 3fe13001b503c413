import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { DreamerError } from '../util/errors.js';
import { meanCurve } from './aggregate.js';
import { learningCurveFigure } from './figure.js';
import type { Series } from './figure.js';
import { groupRuns } from './group.js';
import type { RunGroup } from './group.js';
import { encodePng } from '../render/png.js';
import { rasterise, toFrame } from './raster.js';
import { findRunDirs, loadRun } from './runs.js';
import type { Scene } from './scene.js';
import { sceneToSvg } from './svg.js';

/** How many logged metric names an error suggests. */
const MAX_SUGGESTED_METRICS = 8;

export interface PlotOptions {
  metric: string;
  /** .svg or .png */
  out: string;
}

export interface PlotSummary {
  out: string;
  groups: { label: string; runs: string[]; points: number }[];
}

/** Reads the runs under `logdirs`, groups them by config and writes the learning-curve figure of one metric. */
export function plotRuns(logdirs: readonly string[], opts: PlotOptions): PlotSummary {
  const format = outputFormat(opts.out);
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
  const scene = learningCurveFigure(toSeries(groups), { title: opts.metric, xLabel: 'env steps', yLabel: opts.metric });
  writeScene(scene, opts.out, format);
  return {
    out: opts.out,
    groups: groups.map((g) => ({ label: g.label, runs: g.runs.map((r) => r.dir), points: g.runs.reduce((a, r) => a + r.steps.length, 0) })),
  };
}

function toSeries(groups: RunGroup[]): Series[] {
  return groups.map((g) => ({ label: g.label, curve: meanCurve(g.runs) }));
}

function outputFormat(out: string): 'svg' | 'png' {
  const ext = extname(out).toLowerCase();
  if (ext === '.svg' || ext === '.png') return ext.slice(1) as 'svg' | 'png';
  throw new DreamerError(`cannot write "${out}": the plot file must end in .png or .svg.`);
}

function writeScene(scene: Scene, out: string, format: 'svg' | 'png'): void {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, format === 'svg' ? sceneToSvg(scene) : encodePng(toFrame(rasterise(scene))));
}
