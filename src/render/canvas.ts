import type { Frame } from '../env/env.js';

/** An RGB colour, each channel 0-255. */
export type Rgb = readonly [number, number, number];

/**
 * A small software raster: `height x width` RGB bytes, row-major (HWC), the layout of a NumPy uint8 image.
 * Row 0 is the top. The classic-control renderers draw with y pointing up (as pygame surfaces there do) and
 * call `flipVertical()` once at the end, exactly as Gymnasium flips its surface.
 */
export class Canvas {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 3);
  }

  fill(color: Rgb): void {
    const d = this.data;
    for (let i = 0; i < d.length; i += 3) {
      d[i] = color[0];
      d[i + 1] = color[1];
      d[i + 2] = color[2];
    }
  }

  /** Opaque write; pixels outside the canvas are ignored (pygame clips the same way). */
  setPixel(x: number, y: number, color: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.data[i] = color[0];
    this.data[i + 1] = color[1];
    this.data[i + 2] = color[2];
  }

  /** Mixes `color` over the pixel with coverage `alpha` in [0, 1] (anti-aliased edges). */
  blendPixel(x: number, y: number, color: Rgb, alpha: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
    const a = alpha >= 1 ? 1 : alpha;
    const i = (y * this.width + x) * 3;
    const d = this.data;
    d[i] = Math.round(d[i] + (color[0] - d[i]) * a);
    d[i + 1] = Math.round(d[i + 1] + (color[1] - d[i + 1]) * a);
    d[i + 2] = Math.round(d[i + 2] + (color[2] - d[i + 2]) * a);
  }

  /** Horizontal run from x1 to x2 inclusive on row y (gfxdraw.hline). */
  hline(x1: number, x2: number, y: number, color: Rgb): void {
    if (y < 0 || y >= this.height) return;
    const from = Math.max(0, Math.min(x1, x2));
    const to = Math.min(this.width - 1, Math.max(x1, x2));
    for (let x = from; x <= to; x++) this.setPixel(x, y, color);
  }

  /** Vertical run from y1 to y2 inclusive on column x (gfxdraw.vline). */
  vline(x: number, y1: number, y2: number, color: Rgb): void {
    if (x < 0 || x >= this.width) return;
    const from = Math.max(0, Math.min(y1, y2));
    const to = Math.min(this.height - 1, Math.max(y1, y2));
    for (let y = from; y <= to; y++) this.setPixel(x, y, color);
  }

  /** Mirrors the rows (pygame.transform.flip(surf, False, True)). */
  flipVertical(): void {
    const rowBytes = this.width * 3;
    const tmp = new Uint8Array(rowBytes);
    for (let top = 0, bottom = this.height - 1; top < bottom; top++, bottom--) {
      const a = top * rowBytes;
      const b = bottom * rowBytes;
      tmp.set(this.data.subarray(a, a + rowBytes));
      this.data.copyWithin(a, b, b + rowBytes);
      this.data.set(tmp, b);
    }
  }

  /** A copy of the pixels as a Frame (the canvas may be reused for the next frame). */
  toFrame(): Frame {
    return { data: this.data.slice(), shape: [this.height, this.width, 3] };
  }
}
