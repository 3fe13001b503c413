import type { Canvas, Rgb } from './canvas.js';

/** A 1-pixel line between integer-rounded end points (Bresenham), like pygame.draw.line with width 1. */
export function drawLine(c: Canvas, x0: number, y0: number, x1: number, y1: number, color: Rgb): void {
  let x = Math.round(x0);
  let y = Math.round(y0);
  const xEnd = Math.round(x1);
  const yEnd = Math.round(y1);
  const dx = Math.abs(xEnd - x);
  const dy = -Math.abs(yEnd - y);
  const sx = x < xEnd ? 1 : -1;
  const sy = y < yEnd ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    c.setPixel(x, y, color);
    if (x === xEnd && y === yEnd) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
  }
}

/**
 * An anti-aliased 1-pixel line (Xiaolin Wu): each step along the major axis splits the colour between the two
 * pixels straddling the exact line, in proportion to their distance from it.
 */
export function drawAaLine(c: Canvas, x0: number, y0: number, x1: number, y1: number, color: Rgb): void {
  const steep = Math.abs(y1 - y0) > Math.abs(x1 - x0);
  // Work along the major axis `u`, with the minor axis `v`.
  let u0 = steep ? y0 : x0, v0 = steep ? x0 : y0, u1 = steep ? y1 : x1, v1 = steep ? x1 : y1;
  if (u0 > u1) {
    [u0, u1] = [u1, u0];
    [v0, v1] = [v1, v0];
  }
  const slope = u1 === u0 ? 0 : (v1 - v0) / (u1 - u0);
  const plot = (u: number, v: number, alpha: number): void => {
    if (steep) c.blendPixel(v, u, color, alpha);
    else c.blendPixel(u, v, color, alpha);
  };
  for (let u = Math.round(u0); u <= Math.round(u1); u++) {
    const v = v0 + slope * (u - u0);
    const vFloor = Math.floor(v);
    const frac = v - vFloor;
    plot(u, vFloor, 1 - frac);
    plot(u, vFloor + 1, frac);
  }
}

/** Connected anti-aliased segments through `points` (pygame.draw.aalines, closed = false). */
export function drawAaPolyline(c: Canvas, points: readonly (readonly [number, number])[], color: Rgb): void {
  for (let i = 1; i < points.length; i++) {
    drawAaLine(c, points[i - 1][0], points[i - 1][1], points[i][0], points[i][1], color);
  }
}
