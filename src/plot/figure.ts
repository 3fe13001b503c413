import type { MeanCurve } from './aggregate.js';
import { formatTick, niceTicks } from './ticks.js';
import type { Rgb, Scene, Shape } from './scene.js';
import { textWidth } from './scene.js';

/** One legend entry: a curve with its band. */
export interface Series {
  label: string;
  curve: MeanCurve;
}

export interface FigureOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

const DEFAULT_WIDTH = 800;
const DEFAULT_HEIGHT = 500;
const MARGIN = { left: 84, right: 24, top: 44, bottom: 60 };
const TICK_LENGTH = 5;
const FONT = { tick: 12, label: 14, title: 16, legend: 12 };
const LINE_WIDTH = 2;
const BAND_OPACITY = 0.22;
const LEGEND_ROW = 20;
const LEGEND_PAD = 8;
const LEGEND_SWATCH = 22;
const MAX_LEGEND_CHARS = 56;
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [34, 34, 34];
const GRID: Rgb = [225, 225, 225];
/** Matplotlib's tab10 colours, so plots look familiar next to Python papers. */
const PALETTE: readonly Rgb[] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

export function seriesColor(i: number): Rgb {
  return PALETTE[i % PALETTE.length]!;
}

/** Learning curves: mean lines with 95 % bands, axes with nice ticks, title, axis labels and a legend. */
export function learningCurveFigure(series: readonly Series[], opts: FigureOptions): Scene {
  const width = opts.width ?? DEFAULT_WIDTH;
  const height = opts.height ?? DEFAULT_HEIGHT;
  const box = { x0: MARGIN.left, y0: MARGIN.top, x1: width - MARGIN.right, y1: height - MARGIN.bottom };
  const xs = series.flatMap((s) => s.curve.steps);
  const ys = series.flatMap((s) => [...s.curve.lo, ...s.curve.hi]);
  const xt = niceTicks(Math.min(0, ...xs), Math.max(...xs));
  const yt = niceTicks(Math.min(...ys), Math.max(...ys));
  const px = (x: number) => box.x0 + ((x - xt.lo) / (xt.hi - xt.lo)) * (box.x1 - box.x0);
  const py = (y: number) => box.y1 - ((y - yt.lo) / (yt.hi - yt.lo)) * (box.y1 - box.y0);
  const shapes: Shape[] = [
    ...gridAndTicks(xt.ticks, yt.ticks, px, py, box),
    ...series.flatMap((s, i) => curveShapes(s.curve, seriesColor(i), px, py)),
    { role: 'frame', kind: 'rect', x: box.x0, y: box.y0, w: box.x1 - box.x0, h: box.y1 - box.y0, fill: WHITE, opacity: 0, stroke: BLACK },
    ...axisLabels(opts, box, width, height),
    ...legend(series, box),
  ];
  return { width, height, background: WHITE, shapes };
}

type Box = { x0: number; y0: number; x1: number; y1: number };

function gridAndTicks(xTicks: number[], yTicks: number[], px: (x: number) => number, py: (y: number) => number, box: Box): Shape[] {
  const xStep = xTicks[1]! - xTicks[0]!;
  const yStep = yTicks[1]! - yTicks[0]!;
  const text = (x: number, y: number, s: string, anchor: 'middle' | 'end'): Shape => ({ role: 'tick', kind: 'text', x, y, text: s, size: FONT.tick, color: BLACK, anchor, rotate: 0 });
  const line = (points: [number, number][], color: Rgb): Shape => ({ role: color === GRID ? 'grid' : 'tick', kind: 'line', points, color, width: 1 });
  return [
    ...xTicks.flatMap((t) => [
      line([[px(t), box.y0], [px(t), box.y1]], GRID),
      line([[px(t), box.y1], [px(t), box.y1 + TICK_LENGTH]], BLACK),
      text(px(t), box.y1 + TICK_LENGTH + FONT.tick, formatTick(t, xStep), 'middle'),
    ]),
    ...yTicks.flatMap((t) => [
      line([[box.x0, py(t)], [box.x1, py(t)]], GRID),
      line([[box.x0 - TICK_LENGTH, py(t)], [box.x0, py(t)]], BLACK),
      text(box.x0 - TICK_LENGTH - 4, py(t), formatTick(t, yStep), 'end'),
    ]),
  ];
}

function curveShapes(c: MeanCurve, color: Rgb, px: (x: number) => number, py: (y: number) => number): Shape[] {
  const shapes: Shape[] = [];
  if (c.count.some((n) => n > 1)) {
    const upper = c.steps.map((s, i) => [px(s), py(c.hi[i]!)] as const);
    const lower = c.steps.map((s, i) => [px(s), py(c.lo[i]!)] as const).reverse();
    shapes.push({ role: 'band', kind: 'area', points: [...upper, ...lower], color, opacity: BAND_OPACITY });
  }
  shapes.push({ role: 'mean', kind: 'line', points: c.steps.map((s, i) => [px(s), py(c.mean[i]!)] as const), color, width: LINE_WIDTH });
  return shapes;
}

function axisLabels(opts: FigureOptions, box: Box, width: number, height: number): Shape[] {
  const mid = (box.y0 + box.y1) / 2;
  return [
    { role: 'label', kind: 'text', x: width / 2, y: MARGIN.top / 2, text: opts.title, size: FONT.title, color: BLACK, anchor: 'middle', rotate: 0 },
    { role: 'label', kind: 'text', x: (box.x0 + box.x1) / 2, y: height - FONT.label, text: opts.xLabel, size: FONT.label, color: BLACK, anchor: 'middle', rotate: 0 },
    { role: 'label', kind: 'text', x: FONT.label, y: mid, text: opts.yLabel, size: FONT.label, color: BLACK, anchor: 'middle', rotate: -90 },
  ];
}

/** Legend in the plot's top-left corner on a translucent white box. */
function legend(series: readonly Series[], box: Box): Shape[] {
  const labels = series.map((s) => {
    const seeds = Math.max(...s.curve.count);
    const text = `${s.label} (${seeds} seed${seeds === 1 ? '' : 's'})`;
    return text.length > MAX_LEGEND_CHARS ? `${text.slice(0, MAX_LEGEND_CHARS - 3)}...` : text;
  });
  const w = LEGEND_SWATCH + 3 * LEGEND_PAD + Math.max(...labels.map((l) => textWidth(l, FONT.legend)));
  const h = labels.length * LEGEND_ROW + LEGEND_PAD;
  const x = box.x0 + LEGEND_PAD;
  const y = box.y0 + LEGEND_PAD;
  const shapes: Shape[] = [{ role: 'legend', kind: 'rect', x, y, w, h, fill: WHITE, opacity: 0.85, stroke: GRID }];
  labels.forEach((label, i) => {
    const cy = y + LEGEND_PAD / 2 + LEGEND_ROW * (i + 0.5);
    const sx = x + LEGEND_PAD;
    shapes.push({ role: 'legend', kind: 'line', points: [[sx, cy], [sx + LEGEND_SWATCH, cy]], color: seriesColor(i), width: 3 });
    shapes.push({ role: 'legend', kind: 'text', x: sx + LEGEND_SWATCH + LEGEND_PAD, y: cy, text: label, size: FONT.legend, color: BLACK, anchor: 'start', rotate: 0 });
  });
  return shapes;
}
