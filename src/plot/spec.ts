import type { TopLevelSpec } from 'vega-lite';
import type { MeanCurve } from './aggregate.js';
import { PLOT_FONT_FAMILY } from './fonts.js';
import { seriesHex } from './palette.js';

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
  /** the HTML page's extras: drag to pan, wheel to zoom, click a legend entry to single it out, tooltips */
  interactive?: boolean;
}

const DEFAULT_WIDTH = 800;
const DEFAULT_HEIGHT = 500;
const LINE_WIDTH = 2;
const BAND_OPACITY = 0.22;
/** Legend labels longer than this end in '...' (the figure's width fits about 56 characters beside the curves). */
const MAX_LEGEND_CHARS = 56;
const INK = '#222222';
const GRID = '#e1e1e1';
/** Runs log integer env steps: SI suffixes with trailing zeros dropped read 500, 1k, 1.5k, 2M. */
const STEP_FORMAT = '~s';
/** Vega shares the SI prefix across an axis ('0k'); the origin reads better as '0'. */
const ZERO_AS_0 = "datum.value === 0 ? '0' : datum.label";
/** About this many ticks per axis, at 1-2-5 steps (Vega's nice ticks). */
const TICKS = 6;

/** One row per series and step: what the lines, the bands and the tooltips read. */
interface Point {
  series: string;
  step: number;
  mean: number;
  lo: number;
  hi: number;
  seeds: number;
  /** the series has a band (more than one seed somewhere) */
  band: boolean;
}

/**
 * Learning curves as a Vega-Lite spec: mean lines with 95 % bands, the metric as title and y label, and a legend
 * naming each series with its seed count; series i is drawn in tab10 colour i.
 */
export function learningCurveSpec(series: readonly Series[], opts: FigureOptions): TopLevelSpec {
  const names = distinct(series.map(legendName));
  const values: Point[] = series.flatMap((s, i) => {
    const band = s.curve.count.some((n) => n > 1);
    return s.curve.steps.map((step, k) => ({
      series: names[i]!, step, mean: s.curve.mean[k]!, lo: s.curve.lo[k]!, hi: s.curve.hi[k]!, seeds: s.curve.count[k]!, band,
    }));
  });
  const x = { field: 'step', type: 'quantitative', title: opts.xLabel, scale: { zero: true }, axis: { format: STEP_FORMAT, labelExpr: ZERO_AS_0, tickCount: TICKS } } as const;
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: names, range: names.map((_, i) => seriesHex(i)) },
    legend: { orient: 'top-left', symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 0 },
  } as const;
  const highlight = { param: 'pick', empty: true } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? DEFAULT_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    title: opts.title,
    data: { values },
    config: {
      font: PLOT_FONT_FAMILY,
      axis: { labelColor: INK, titleColor: INK, domainColor: INK, tickColor: INK, gridColor: GRID, labelFontSize: 12, titleFontSize: 14, titleFontWeight: 'normal' },
      title: { color: INK, fontSize: 16, fontWeight: 'normal' },
      legend: { labelColor: INK, labelFontSize: 12, fillColor: 'rgba(255,255,255,0.85)', strokeColor: GRID, padding: 8 },
      view: { stroke: INK },
    },
    layer: [
      {
        name: 'band',
        transform: [{ filter: 'datum.band' }],
        mark: { type: 'area', opacity: BAND_OPACITY },
        encoding: { x, y: { field: 'lo', type: 'quantitative', title: opts.yLabel }, y2: { field: 'hi' }, color },
      },
      {
        name: 'mean',
        mark: { type: 'line', strokeWidth: LINE_WIDTH, ...(opts.interactive ? { point: { size: 18, opacity: 0 } } : {}) },
        ...(opts.interactive
          ? {
              params: [
                { name: 'zoom', select: 'interval', bind: 'scales' },
                { name: 'pick', select: { type: 'point', fields: ['series'] }, bind: 'legend' },
              ],
            }
          : {}),
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative', title: opts.yLabel, scale: { zero: false }, axis: { tickCount: TICKS } },
          color,
          ...(opts.interactive
            ? {
                opacity: { condition: { ...highlight, value: 1 }, value: 0.15 },
                tooltip: [
                  { field: 'series', title: 'series' },
                  { field: 'step', title: opts.xLabel, format: ',' },
                  { field: 'mean', title: 'mean', format: '.4~g' },
                  { field: 'lo', title: '95 % low', format: '.4~g' },
                  { field: 'hi', title: '95 % high', format: '.4~g' },
                  { field: 'seeds', title: 'seeds' },
                ],
              }
            : {}),
        },
      },
    ],
  };
}

/** Vega joins rows by series name: two labels cut to the same text would merge two curves, so repeats get a number. */
function distinct(names: string[]): string[] {
  return names.map((name, i) => (names.indexOf(name) === i ? name : `${name} #${i + 1}`));
}

function legendName(s: Series): string {
  const seeds = Math.max(...s.curve.count);
  const text = `${s.label} (${seeds} seed${seeds === 1 ? '' : 's'})`;
  return text.length > MAX_LEGEND_CHARS ? `${text.slice(0, MAX_LEGEND_CHARS - 3)}...` : text;
}
