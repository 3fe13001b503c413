import type { Rgb } from './scene.js';

/** Matplotlib's tab10 colours, so plots look familiar next to Python papers. */
const PALETTE: readonly Rgb[] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

export function seriesColor(i: number): Rgb {
  return PALETTE[i % PALETTE.length]!;
}

/** '#1f77b4' for [31, 119, 180]: how SVG, CSS and Vega write colours. */
export function hex(c: Rgb): string {
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export function seriesHex(i: number): string {
  return hex(seriesColor(i));
}
