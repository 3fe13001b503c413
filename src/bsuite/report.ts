import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../io/atomic.js';
import { PLOT_FONT_FAMILY } from '../plot/fonts.js';
import { svgToPng } from '../plot/resvg.js';
import type { CapabilityScore, TaskScore } from './scoring.js';

export const REPORT_MD = 'report.md';
export const REPORT_CSV = 'report.csv';
export const TASKS_CSV = 'tasks.csv';
export const REPORT_PNG = 'report.png';

/** Writes the report card into `dir`: report.md, report.csv (one row per capability), tasks.csv and report.png. */
export async function writeReport(dir: string, tasks: TaskScore[], capabilities: CapabilityScore[], title: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files = [REPORT_MD, REPORT_CSV, TASKS_CSV, REPORT_PNG].map((f) => join(dir, f));
  const [md, csv, tasksCsv, png] = files as [string, string, string, string];
  writeFileAtomic(csv, capabilityCsv(capabilities));
  writeFileAtomic(tasksCsv, taskCsv(tasks));
  writeFileAtomic(md, markdown(tasks, capabilities, title));
  const { vegaLiteToSvg } = await import('../plot/vega.js');
  writeFileAtomic(png, svgToPng(await vegaLiteToSvg(barChartSpec(capabilities, title))));
  return files;
}

const fixed = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const verdict = (pass: boolean): string => (pass ? 'pass' : 'fail');

export function capabilityCsv(rows: CapabilityScore[]): string {
  const lines = ['capability,score,threshold,result,tasks'];
  for (const r of rows) lines.push([r.capability, fixed(r.score), fixed(r.threshold), verdict(r.pass), r.tasks.join(' ')].join(','));
  return `${lines.join('\n')}\n`;
}

export function taskCsv(rows: TaskScore[]): string {
  const lines = ['task,capability,seeds,mean_return,random,optimum,threshold,score,result'];
  for (const r of rows) {
    const t = r.task;
    lines.push([t.name, t.capability, r.returns.length, fixed(r.meanReturn), t.random, t.optimum, fixed(r.threshold), fixed(r.score), verdict(r.pass)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

function markdown(tasks: TaskScore[], capabilities: CapabilityScore[], title: string): string {
  const out = [`# ${title}`, '', 'Scores are normalised: 0 is the random agent, 1 the optimum; a task passes at 0.8 (see docs/bsuite.md).', ''];
  out.push('| capability | score | threshold | result | tasks |', '|---|---|---|---|---|');
  for (const r of capabilities) out.push(`| ${r.capability} | ${fixed(r.score)} | ${fixed(r.threshold)} | ${verdict(r.pass)} | ${r.tasks.join(', ')} |`);
  out.push('', '| task | seeds | mean return | random | optimum | threshold | score | result |', '|---|---|---|---|---|---|---|---|');
  for (const r of tasks) {
    const t = r.task;
    out.push(`| ${t.name} | ${r.returns.length} | ${fixed(r.meanReturn)} | ${t.random} | ${t.optimum} | ${fixed(r.threshold)} | ${fixed(r.score)} | ${verdict(r.pass)} |`);
  }
  out.push('', `![report card](${REPORT_PNG})`, '');
  return out.join('\n');
}

/** Bars of the capability scores (green pass, red fail) with a tick at each threshold. */
export function barChartSpec(rows: CapabilityScore[], title: string): TopLevelSpec {
  const values = rows.map((r) => ({ capability: r.capability, score: r.score, threshold: r.threshold, result: verdict(r.pass) }));
  const x = { field: 'capability', type: 'nominal' as const, sort: null, axis: { labelAngle: 0, title: null } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 90 * Math.max(1, rows.length),
    height: 240,
    background: 'white',
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x,
          y: { field: 'score', type: 'quantitative', scale: { domain: [0, 1] }, title: 'score (0 random, 1 optimum)' },
          color: { field: 'result', type: 'nominal', scale: { domain: ['pass', 'fail'], range: ['#2e7d32', '#c62828'] }, title: null },
        },
      },
      { mark: { type: 'tick', color: 'black', thickness: 2 }, encoding: { x, y: { field: 'threshold', type: 'quantitative' } } },
    ],
    config: { font: PLOT_FONT_FAMILY },
  };
}
