import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { estimateTextWidth } from './scene.js';

/** Vega-Lite's compiler output: the full Vega spec the HTML page runs without Vega-Lite. */
export function toVega(spec: TopLevelSpec): vega.Spec {
  return compile(spec).spec;
}

/** The figure as a standalone SVG document, laid out and drawn by Vega without a browser. */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  measureTextLikeDejaVuSans();
  const view = new vega.View(vega.parse(toVega(spec)), { renderer: 'none', logLevel: VEGA_LOG_ERRORS });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** vega.Error: warnings such as an empty extent are Vega's business, not the CLI's output. */
const VEGA_LOG_ERRORS = 1;
/** Vega's text size when a mark sets none. */
const VEGA_DEFAULT_FONT_SIZE = 11;

interface TextMetrics {
  width: (item: { fontSize?: number }, text: unknown) => number;
}

/**
 * Without a browser canvas Vega guesses text widths at 0.8 em a character, which suits no real font and leaves
 * the legend box far wider than its labels. vega-scenegraph's `textMetrics.width` is the hook it offers for this
 * (untyped in vega's typings; vl-convert uses it too): widths as the PNG's font draws them.
 */
function measureTextLikeDejaVuSans(): void {
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  metrics.width = (item, text) => estimateTextWidth(String(text ?? ''), item.fontSize ?? VEGA_DEFAULT_FONT_SIZE);
}
