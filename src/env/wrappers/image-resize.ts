/**
 * Pure-JS image resizing for HWC images (row-major [height, width, channels]), the two interpolations that
 * matter for pixel observations:
 * - 'area': each output pixel is the average of the input area it covers, with fractional edge weights
 *   (OpenCV's INTER_AREA, the Gymnasium default for ResizeObservation); best for shrinking.
 * - 'bilinear': OpenCV's INTER_LINEAR with pixel centres at +0.5 and edge clamping.
 * Integer outputs round to nearest (ties to even) and saturate to the dtype; float32 outputs round to float32.
 * The per-axis weights are precomputed once (`makeResizer`) so a resize is two separable passes.
 */
import type { NumericArray } from '../spaces/dtype.js';

export type Interpolation = 'area' | 'bilinear';

/** For each output index along one axis: the input indices it reads and their weights (summing to 1). */
interface AxisTaps {
  index: Int32Array[];
  weight: Float64Array[];
}

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** Returns a function resizing images of shape `from` into `out` of `toHeight` x `toWidth` (same channels). */
export function makeResizer(
  from: ImageShape,
  toHeight: number,
  toWidth: number,
  interpolation: Interpolation,
): (src: ArrayLike<number>, out: NumericArray) => NumericArray {
  const taps = interpolation === 'area' ? areaTaps : bilinearTaps;
  const rows = taps(from.height, toHeight);
  const cols = taps(from.width, toWidth);
  const c = from.channels;
  // [H_in, W_out, C] intermediate after the horizontal pass.
  const mid = new Float64Array(from.height * toWidth * c);
  return (src, out) => {
    for (let y = 0; y < from.height; y++) horizontalPass(src, mid, y, from.width, toWidth, c, cols);
    const saturate = saturator(out);
    for (let oy = 0; oy < toHeight; oy++) {
      const idx = rows.index[oy];
      const w = rows.weight[oy];
      for (let k = 0; k < toWidth * c; k++) {
        let acc = 0;
        for (let t = 0; t < idx.length; t++) acc += w[t] * mid[idx[t] * toWidth * c + k];
        out[oy * toWidth * c + k] = saturate(acc);
      }
    }
    return out;
  };
}

function horizontalPass(src: ArrayLike<number>, mid: Float64Array, y: number, wIn: number, wOut: number, c: number, cols: AxisTaps): void {
  for (let ox = 0; ox < wOut; ox++) {
    const idx = cols.index[ox];
    const w = cols.weight[ox];
    for (let ch = 0; ch < c; ch++) {
      let acc = 0;
      for (let t = 0; t < idx.length; t++) acc += w[t] * src[(y * wIn + idx[t]) * c + ch];
      mid[(y * wOut + ox) * c + ch] = acc;
    }
  }
}

/** Area weights: output cell [o*s, (o+1)*s) in input coordinates, s = in/out, overlap with each input cell. */
function areaTaps(nIn: number, nOut: number): AxisTaps {
  if (nOut > nIn) return bilinearTaps(nIn, nOut); // OpenCV's INTER_AREA upscales bilinearly
  const scale = nIn / nOut;
  const index: Int32Array[] = [];
  const weight: Float64Array[] = [];
  for (let o = 0; o < nOut; o++) {
    const start = o * scale;
    const end = start + scale;
    const ids: number[] = [];
    const ws: number[] = [];
    for (let i = Math.floor(start); i < Math.min(Math.ceil(end), nIn); i++) {
      const overlap = Math.min(end, i + 1) - Math.max(start, i);
      if (overlap > 0) {
        ids.push(i);
        ws.push(overlap / scale);
      }
    }
    index.push(Int32Array.from(ids));
    weight.push(Float64Array.from(ws));
  }
  return { index, weight };
}

/** Bilinear weights with half-pixel centres: x_in = (o + 0.5) * in/out - 0.5, clamped to the edge pixels. */
function bilinearTaps(nIn: number, nOut: number): AxisTaps {
  const scale = nIn / nOut;
  const index: Int32Array[] = [];
  const weight: Float64Array[] = [];
  for (let o = 0; o < nOut; o++) {
    const x = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), nIn - 1);
    const i0 = Math.floor(x);
    const i1 = Math.min(i0 + 1, nIn - 1);
    const frac = x - i0;
    index.push(Int32Array.from([i0, i1]));
    weight.push(Float64Array.from([1 - frac, frac]));
  }
  return { index, weight };
}

function saturator(out: NumericArray): (x: number) => number {
  if (out instanceof Float32Array || out instanceof Float64Array) return (x) => x;
  if (out instanceof Uint8Array || out instanceof Uint8ClampedArray) return (x) => Math.min(Math.max(roundHalfEven(x), 0), 255);
  if (out instanceof Int8Array) return (x) => Math.min(Math.max(roundHalfEven(x), -128), 127);
  return roundHalfEven;
}

/** OpenCV's cvRound (lrint): nearest integer, ties to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
