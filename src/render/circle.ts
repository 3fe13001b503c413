import type { Canvas, Rgb } from './canvas.js';

/** Filled disc of integer centre and radius (gfxdraw.filled_circle): pixels with dx² + dy² ≤ r². */
export function fillCircle(c: Canvas, cx: number, cy: number, r: number, color: Rgb): void {
  const rr = r * r;
  for (let dy = -r; dy <= r; dy++) {
    const half = Math.floor(Math.sqrt(rr - dy * dy));
    c.hline(cx - half, cx + half, cy + dy, color);
  }
}

/** Anti-aliased ring of radius r (gfxdraw.aacircle): coverage falls off linearly with distance from the rim. */
export function drawAaCircle(c: Canvas, cx: number, cy: number, r: number, color: Rgb): void {
  const reach = r + 1;
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const alpha = 1 - Math.abs(Math.sqrt(dx * dx + dy * dy) - r);
      if (alpha > 0) c.blendPixel(cx + dx, cy + dy, color, alpha);
    }
  }
}

/** Both, in Gymnasium's order: ring then disc. */
export function drawSmoothCircle(c: Canvas, cx: number, cy: number, r: number, color: Rgb): void {
  drawAaCircle(c, cx, cy, r, color);
  fillCircle(c, cx, cy, r, color);
}
