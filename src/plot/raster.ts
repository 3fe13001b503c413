import type { Frame } from '../env/env.js';
import { glyph, GLYPH_COLUMNS, GLYPH_ROWS } from './font.js';
import type { Rgb, Scene, Shape } from './scene.js';
import { fontScale, GLYPH_ADVANCE, GLYPH_CAP_ROWS, textWidth } from './scene.js';

/** An RGB image, row-major [height, width, 3]. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The image as an env-style frame ([H, W, 3] RGB), e.g. for src/render's PNG encoder or a GIF. */
export function toFrame(img: RgbImage): Frame {
  return { data: img.data, shape: [img.height, img.width, 3] };
}

/** Draws the scene into pixels: antialiased lines, filled bands, bitmap-font text. */
export function rasterise(scene: Scene): RgbImage {
  const img: RgbImage = { width: scene.width, height: scene.height, data: new Uint8Array(scene.width * scene.height * 3) };
  fillRect(img, 0, 0, scene.width, scene.height, scene.background, 1);
  for (const shape of scene.shapes) drawShape(img, shape);
  return img;
}

function drawShape(img: RgbImage, shape: Shape): void {
  switch (shape.kind) {
    case 'rect':
      if ((shape.opacity ?? 1) > 0) fillRect(img, shape.x, shape.y, shape.w, shape.h, shape.fill, shape.opacity ?? 1);
      if (shape.stroke) strokeRect(img, shape.x, shape.y, shape.w, shape.h, shape.stroke);
      return;
    case 'line':
      for (let i = 1; i < shape.points.length; i++) drawSegment(img, shape.points[i - 1]!, shape.points[i]!, shape.color, shape.width);
      return;
    case 'area':
      fillPolygon(img, shape.points, shape.color, shape.opacity);
      return;
    case 'text':
      drawText(img, shape);
  }
}

/** Mixes `color` into pixel (x, y) with weight `alpha`. */
function blend(img: RgbImage, x: number, y: number, color: Rgb, alpha: number): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height || alpha <= 0) return;
  const p = 3 * (y * img.width + x);
  const a = Math.min(1, alpha);
  for (let c = 0; c < 3; c++) img.data[p + c] = Math.round(img.data[p + c]! * (1 - a) + color[c]! * a);
}

function fillRect(img: RgbImage, x: number, y: number, w: number, h: number, color: Rgb, alpha: number): void {
  for (let py = Math.round(y); py < Math.round(y + h); py++) {
    for (let px = Math.round(x); px < Math.round(x + w); px++) blend(img, px, py, color, alpha);
  }
}

function strokeRect(img: RgbImage, x: number, y: number, w: number, h: number, color: Rgb): void {
  const corners: [number, number][] = [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];
  for (let i = 1; i < corners.length; i++) drawSegment(img, corners[i - 1]!, corners[i]!, color, 1);
}

/** A thick segment; each pixel's coverage falls off linearly over the last pixel of the half-width (antialiasing). */
function drawSegment(img: RgbImage, a: readonly [number, number], b: readonly [number, number], color: Rgb, width: number): void {
  const half = width / 2;
  const [x0, x1] = [Math.floor(Math.min(a[0], b[0]) - half - 1), Math.ceil(Math.max(a[0], b[0]) + half + 1)];
  const [y0, y1] = [Math.floor(Math.min(a[1], b[1]) - half - 1), Math.ceil(Math.max(a[1], b[1]) + half + 1)];
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const d = distanceToSegment(x + 0.5, y + 0.5, a, b);
      blend(img, x, y, color, half + 0.5 - d);
    }
  }
}

function distanceToSegment(px: number, py: number, a: readonly [number, number], b: readonly [number, number]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len2));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

/** Even-odd scanline fill sampled at pixel centres. */
function fillPolygon(img: RgbImage, pts: readonly (readonly [number, number])[], color: Rgb, alpha: number): void {
  const ys = pts.map((p) => p[1]);
  for (let y = Math.max(0, Math.floor(Math.min(...ys))); y <= Math.min(img.height - 1, Math.ceil(Math.max(...ys))); y++) {
    const cy = y + 0.5;
    const crossings: number[] = [];
    for (let i = 0; i < pts.length; i++) {
      const [p, q] = [pts[i]!, pts[(i + 1) % pts.length]!];
      if ((p[1] <= cy) !== (q[1] <= cy)) crossings.push(p[0] + ((cy - p[1]) / (q[1] - p[1])) * (q[0] - p[0]));
    }
    crossings.sort((u, v) => u - v);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      for (let x = Math.ceil(crossings[k]! - 0.5); x < Math.ceil(crossings[k + 1]! - 0.5); x++) blend(img, x, y, color, alpha);
    }
  }
}

/** Bitmap text centred vertically on y; rotated -90 it reads bottom to top, centred on x. */
function drawText(img: RgbImage, t: Extract<Shape, { kind: 'text' }>): void {
  const scale = fontScale(t.size);
  const width = textWidth(t.text, t.size);
  const u0 = t.anchor === 'start' ? 0 : t.anchor === 'middle' ? -width / 2 : -width;
  const v0 = -(GLYPH_CAP_ROWS * scale) / 2;
  [...t.text].forEach((ch, k) => {
    const rows = glyph(ch);
    for (let r = 0; r < GLYPH_ROWS; r++) {
      for (let c = 0; c < GLYPH_COLUMNS; c++) {
        if (!rows[r]![c]) continue;
        const u = Math.round(u0 + k * GLYPH_ADVANCE * scale + c * scale);
        const v = Math.round(v0 + r * scale);
        for (let i = 0; i < scale; i++) {
          for (let j = 0; j < scale; j++) {
            const [x, y] = t.rotate === 0 ? [t.x + u + i, t.y + v + j] : [t.x + v + j, t.y - u - i];
            blend(img, Math.round(x), Math.round(y), t.color, 1);
          }
        }
      }
    }
  });
}
