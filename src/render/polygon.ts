import type { Canvas, Rgb } from './canvas.js';
import { drawAaLine } from './line.js';

export type Point = readonly [number, number];

/**
 * Filled polygon by scanlines (gfxdraw.filled_polygon): vertices are truncated to integers as pygame does, and
 * every row between the lowest and highest vertex is filled between pairs of edge crossings, ends inclusive.
 */
export function fillPolygon(c: Canvas, points: readonly Point[], color: Rgb): void {
  const n = points.length;
  if (n < 3) return;
  const xs = points.map((p) => Math.trunc(p[0]));
  const ys = points.map((p) => Math.trunc(p[1]));
  const minY = Math.max(0, Math.min(...ys));
  const maxY = Math.min(c.height - 1, Math.max(...ys));
  const crossings: number[] = [];
  for (let y = minY; y <= maxY; y++) {
    crossings.length = 0;
    for (let i = 0; i < n; i++) {
      const j = (i + n - 1) % n;
      let xa = xs[j], ya = ys[j], xb = xs[i], yb = ys[i];
      if (ya === yb) continue;
      if (ya > yb) {
        [xa, xb] = [xb, xa];
        [ya, yb] = [yb, ya];
      }
      // Half-open in y so a shared vertex counts once; the topmost row closes the shape.
      const inside = (y >= ya && y < yb) || (y === maxY && y > ya && y <= yb);
      if (inside) crossings.push(Math.round(xa + ((y - ya) * (xb - xa)) / (yb - ya)));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) c.hline(crossings[k], crossings[k + 1], y, color);
  }
}

/** Anti-aliased closed outline (gfxdraw.aapolygon), drawn before the fill so the fill keeps a crisp interior. */
export function drawAaPolygon(c: Canvas, points: readonly Point[], color: Rgb): void {
  for (let i = 0; i < points.length; i++) {
    const a = points[i];
    const b = points[(i + 1) % points.length];
    drawAaLine(c, a[0], a[1], b[0], b[1], color);
  }
}

/** Both, in Gymnasium's order: outline then fill. */
export function drawSmoothPolygon(c: Canvas, points: readonly Point[], color: Rgb): void {
  drawAaPolygon(c, points, color);
  fillPolygon(c, points, color);
}

/** pygame.math.Vector2(x, y).rotate_rad(angle): counter-clockwise rotation. */
export function rotate(p: Point, angle: number): [number, number] {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return [p[0] * cos - p[1] * sin, p[0] * sin + p[1] * cos];
}
