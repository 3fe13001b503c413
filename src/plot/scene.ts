/**
 * A drawing as a list of shapes in pixel coordinates (y down), for figures drawn frame by frame (the dream GIF's
 * panels, ./panels.ts): it becomes SVG text (./svg.ts), which resvg turns into pixels (./raster.ts).
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

/** DejaVu Sans (./fonts.ts) advances about 0.6 em per character of mixed text: a width estimate for fitting labels. */
const EM_PER_CHARACTER = 0.6;

/** Approximate width of a text in pixels, to shorten titles that would not fit and to size legends. */
export function estimateTextWidth(text: string, size: number): number {
  return text.length * EM_PER_CHARACTER * size;
}
