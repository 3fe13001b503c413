/**
 * A drawing as a list of shapes in pixel coordinates (y down). The same scene becomes SVG text (./svg.ts) or a
 * PNG (./raster.ts), so the two outputs show the same picture.
 */
export type Rgb = readonly [number, number, number];

/** What a shape shows, written as the SVG element's class (lets tests and stylesheets find the curves). */
export type Role = 'frame' | 'grid' | 'tick' | 'mean' | 'band' | 'label' | 'legend';

export type Shape = { role?: Role } & (
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: Rgb; opacity?: number; stroke?: Rgb }
  | { kind: 'line'; points: readonly (readonly [number, number])[]; color: Rgb; width: number }
  /** a filled polygon, e.g. a confidence band */
  | { kind: 'area'; points: readonly (readonly [number, number])[]; color: Rgb; opacity: number }
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      color: Rgb;
      anchor: 'start' | 'middle' | 'end';
      /** 0 = horizontal, -90 = reads bottom to top (a y-axis label) */
      rotate: 0 | -90;
    }
);

export interface Scene {
  width: number;
  height: number;
  background: Rgb;
  shapes: Shape[];
}

/** The bitmap font's glyphs (./font.ts) advance 6 pixels (5 + a gap); text of size s draws them scaled by round(s / 7). */
export const GLYPH_ADVANCE = 6;
/** Rows 0-6 of a glyph are above the baseline: text is centred on them vertically. */
export const GLYPH_CAP_ROWS = 7;
const FONT_PIXELS_PER_SCALE = 7;

export function fontScale(size: number): number {
  return Math.max(1, Math.round(size / FONT_PIXELS_PER_SCALE));
}

/** Width of a text in pixels as the raster draws it (an upper bound for SVG's proportional font). */
export function textWidth(text: string, size: number): number {
  return text.length * GLYPH_ADVANCE * fontScale(size);
}
