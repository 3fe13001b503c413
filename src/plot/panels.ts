import { formatTick, niceTicks } from './ticks.js';
import type { Rgb, Scene, Shape } from './scene.js';
import { estimateTextWidth } from './scene.js';
import { seriesColor } from './palette.js';

/** Real and predicted values of each observation dimension over time: `[T][D]`, NaN where there is no value. */
export interface PanelData {
  real: readonly (readonly number[])[];
  predicted: readonly (readonly number[])[];
  /** index of the first predicted (open-loop) step; a dashed-looking marker line is drawn there */
  contextEnd: number;
  /** draw only steps < upto (animations reveal the curves step by step); default all */
  upto?: number;
  title: string;
}

const PANEL_COLUMNS = 3;
/** Wide enough for the title and the legend even with one panel. */
const MIN_WIDTH = 560;
const LEGEND_WIDTH = 250;
const PANEL_W = 260;
const PANEL_H = 150;
const PAD = { left: 52, right: 12, top: 28, bottom: 26 };
const HEADER = 30;
const FONT = 11;
const Y_TICKS = 3;
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [34, 34, 34];
const GRID: Rgb = [225, 225, 225];
const MARKER: Rgb = [160, 160, 160];
const REAL = seriesColor(0);
const PREDICTED = seriesColor(1);

/** A grid of small plots, one per observation dimension: reality in blue, the world model's prediction in orange. */
export function dimensionPanels(d: PanelData): Scene {
  const dims = d.real[0]?.length ?? 0;
  const cols = Math.min(PANEL_COLUMNS, Math.max(1, dims));
  const rows = Math.ceil(dims / cols);
  const width = Math.max(MIN_WIDTH, cols * PANEL_W);
  const height = HEADER + rows * PANEL_H;
  const shapes: Shape[] = [
    { role: 'label', kind: 'text', x: 8, y: HEADER / 2, text: fit(d.title, width - LEGEND_WIDTH - 16, FONT + 2), size: FONT + 2, color: BLACK, anchor: 'start', rotate: 0 },
    ...legendShapes(width),
  ];
  for (let i = 0; i < dims; i++) {
    const x0 = (i % cols) * PANEL_W;
    const y0 = HEADER + Math.floor(i / cols) * PANEL_H;
    shapes.push(...panel(d, i, x0, y0));
  }
  return { width, height, background: WHITE, shapes };
}

function legendShapes(width: number): Shape[] {
  const entry = (x: number, color: Rgb, text: string): Shape[] => [
    { role: 'legend', kind: 'line', points: [[x, HEADER / 2], [x + 18, HEADER / 2]], color, width: 3 },
    { role: 'legend', kind: 'text', x: x + 24, y: HEADER / 2, text, size: FONT, color: BLACK, anchor: 'start', rotate: 0 },
  ];
  return [...entry(width - LEGEND_WIDTH, REAL, 'real'), ...entry(width - 170, PREDICTED, 'predicted')];
}

function panel(d: PanelData, dim: number, x0: number, y0: number): Shape[] {
  const steps = d.real.length;
  const upto = Math.min(d.upto ?? steps, steps);
  const values = [...d.real.map((r) => r[dim]!), ...d.predicted.map((p) => p[dim]!)].filter(Number.isFinite);
  const yt = niceTicks(Math.min(...values), Math.max(...values), Y_TICKS);
  const box = { x0: x0 + PAD.left, y0: y0 + PAD.top, x1: x0 + PANEL_W - PAD.right, y1: y0 + PANEL_H - PAD.bottom };
  const px = (t: number) => box.x0 + (t / Math.max(1, steps - 1)) * (box.x1 - box.x0);
  const py = (v: number) => box.y1 - ((v - yt.lo) / (yt.hi - yt.lo)) * (box.y1 - box.y0);
  const yStep = yt.ticks[1]! - yt.ticks[0]!;
  const text = (x: number, y: number, s: string, anchor: 'start' | 'middle' | 'end'): Shape => ({ role: 'tick', kind: 'text', x, y, text: s, size: FONT, color: BLACK, anchor, rotate: 0 });
  return [
    ...yt.ticks.flatMap((t): Shape[] => [
      { role: 'grid', kind: 'line', points: [[box.x0, py(t)], [box.x1, py(t)]], color: GRID, width: 1 },
      text(box.x0 - 4, py(t), formatTick(t, yStep), 'end'),
    ]),
    { role: 'grid', kind: 'line', points: [[px(d.contextEnd), box.y0], [px(d.contextEnd), box.y1]], color: MARKER, width: 1 },
    text(box.x0 + 4, box.y1 + FONT + 2, '0', 'middle'),
    text(box.x1, box.y1 + FONT + 2, String(steps - 1), 'middle'),
    { role: 'label', kind: 'text', x: box.x0, y: y0 + PAD.top / 2, text: `obs[${dim}]`, size: FONT, color: BLACK, anchor: 'start', rotate: 0 },
    curve(d.real, dim, 0, upto, px, py, REAL),
    curve(d.predicted, dim, 0, upto, px, py, PREDICTED),
    { role: 'frame', kind: 'rect', x: box.x0, y: box.y0, w: box.x1 - box.x0, h: box.y1 - box.y0, fill: WHITE, opacity: 0, stroke: BLACK },
  ];
}

/** The finite points of one dimension in [from, upto) as a polyline. */
function curve(rows: PanelData['real'], dim: number, from: number, upto: number, px: (t: number) => number, py: (v: number) => number, color: Rgb): Shape {
  const points: [number, number][] = [];
  for (let t = from; t < upto; t++) {
    const v = rows[t]?.[dim];
    if (v !== undefined && Number.isFinite(v)) points.push([px(t), py(v)]);
  }
  return { role: 'mean', kind: 'line', points, color, width: 2 };
}

/** Shortens text with '...' so it fits about `maxWidth` pixels. */
function fit(text: string, maxWidth: number, size: number): string {
  if (estimateTextWidth(text, size) <= maxWidth) return text;
  let n = text.length;
  while (n > 0 && estimateTextWidth(`${text.slice(0, n)}...`, size) > maxWidth) n--;
  return `${text.slice(0, n)}...`;
}
