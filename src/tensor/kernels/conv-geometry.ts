/**
 * What our convolution kernels share: the geometry of an NHWC conv from a kernel's attributes, and im2col / col2im
 * over the wasm heap in JS (the fallback when the native addon is absent; native/src/conv.cc does the same in C++).
 * Row (b, oh, ow) of the cols matrix is the receptive field [fh, fw, c] of that output pixel, zeros where padded:
 * conv(x, F) = cols(x) · F[P = fh·fw·c, co].
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '../../util/errors.js';

export type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;
type Shape4 = [number, number, number, number];

/** The kernels' attributes name NHWC and dilation 1 (what our kernels compute; the stock ones take the rest). */
export function isPlainNhwc(attrs: tf.NamedAttrMap): boolean {
  const d = attrs.dilations;
  const dilationOne = d === undefined || d === 1 || (Array.isArray(d) && d.every((v) => v === 1));
  return (attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC') && dilationOne;
}

/** The conv's geometry for input `xShape` and filter `filterShape` [fh, fw, c, co]; NHWC only. */
export function convGeometry(kernel: string, xShape: number[], filterShape: number[], attrs: tf.NamedAttrMap): Conv2DInfo {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new BackendError(`${kernel} on wasm supports NHWC only (got ${String(attrs.dataFormat)}): transpose the input to NHWC`);
  }
  return tf.backend_util.computeConv2DInfo(xShape as Shape4, filterShape as Shape4,
    attrs.strides as [number, number] | number, 1, attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, false, 'channelsLast');
}

/** The filter columns [lo, hi) of one filter row whose input column iw0 + fw lies in the image. */
function tapRange(info: Conv2DInfo, iw0: number): [number, number] {
  const lo = Math.min(info.filterWidth, Math.max(0, -iw0));
  return [lo, Math.max(lo, Math.min(info.filterWidth, info.inWidth - iw0))];
}

/** cols rows of images [b0, b0 + count) of x (at element offset xBase) into the heap at `dst`. */
export function im2col(heap: Float32Array, xBase: number, dst: number, info: Conv2DInfo, b0: number, count: number): void {
  const { inHeight: H, inWidth: W, inChannels: C, filterHeight: FH, filterWidth: FW } = info;
  const rowFloats = FW * C;
  for (let b = b0; b < b0 + count; b++) {
    for (let oh = 0; oh < info.outHeight; oh++) {
      for (let ow = 0; ow < info.outWidth; ow++) {
        const iw0 = ow * info.strideWidth - info.padInfo.left;
        const [lo, hi] = tapRange(info, iw0);
        for (let fh = 0; fh < FH; fh++, dst += rowFloats) {
          const ih = oh * info.strideHeight + fh - info.padInfo.top;
          if (ih < 0 || ih >= H) {
            heap.fill(0, dst, dst + rowFloats);
            continue;
          }
          // one contiguous run of the image row, zeros on either side where the filter overhangs it
          if (lo > 0) heap.fill(0, dst, dst + lo * C);
          const src = xBase + ((b * H + ih) * W + iw0 + lo) * C;
          heap.copyWithin(dst + lo * C, src, src + (hi - lo) * C);
          if (hi < FW) heap.fill(0, dst + hi * C, dst + rowFloats);
        }
      }
    }
  }
}

/** dx images [b0, b0 + count) += the cols rows at `src` (the adjoint of im2col); dx at element offset dxBase. */
export function col2im(heap: Float32Array, src: number, dxBase: number, info: Conv2DInfo, b0: number, count: number): void {
  const { inHeight: H, inWidth: W, inChannels: C, filterHeight: FH, filterWidth: FW } = info;
  const rowFloats = FW * C;
  for (let b = b0; b < b0 + count; b++) {
    for (let oh = 0; oh < info.outHeight; oh++) {
      for (let ow = 0; ow < info.outWidth; ow++) {
        const iw0 = ow * info.strideWidth - info.padInfo.left;
        const [lo, hi] = tapRange(info, iw0);
        for (let fh = 0; fh < FH; fh++, src += rowFloats) {
          const ih = oh * info.strideHeight + fh - info.padInfo.top;
          if (ih < 0 || ih >= H) continue;
          const d = dxBase + ((b * H + ih) * W + iw0 + lo) * C;
          const s = src + lo * C;
          for (let i = 0, len = (hi - lo) * C; i < len; i++) heap[d + i] += heap[s + i];
        }
      }
    }
  }
}
