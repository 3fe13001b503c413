/**
 * The batched matMul driver shared by our BatchMatMul and _FusedMatMul kernels. The stock wasm kernel is fast
 * (XNNPACK) only for one non-transposed [1, M, K] @ [1, K, N] product and falls back to a scalar loop otherwise,
 * so every product is brought to that form: transposes are materialised into fresh buffers, a shared right
 * operand folds the batch into the rows, and other batches run slice by slice on zero-copy views of the heap.
 */
import * as tf from '@tensorflow/tfjs';
import { byteOffset, cId, heapF32, makeView, releaseView, type WasmBackend } from './wasm-heap.js';
import { reshaped, transposeLastTwo } from './stock.js';

const FLOAT_BYTES = Float32Array.BYTES_PER_ELEMENT;

/** One fast product on rank-3 operands `[1, M, K] @ [1, K, N] -> [1, M, N]`, written into `out`. */
export type SingleProduct = (a: tf.TensorInfo, b: tf.TensorInfo, out: tf.TensorInfo) => void;

/** Shapes of a batched product after transposes are resolved. */
export interface ProductPlan {
  /** Output shape with the broadcast batch dims: `[...batch, M, N]`. */
  outShape: number[];
  m: number;
  k: number;
  n: number;
}

export function planProduct(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): ProductPlan {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (k !== kb) {
    // Unreachable from input: tf.matMul and tf.fused.matMul check the inner dimensions before the kernel runs.
    throw new Error(`matMul: inner dimensions ${k} and ${kb} of shapes [${a.shape}] and [${b.shape}] ` +
      `(transposeA=${transposeA}, transposeB=${transposeB}) must match`);
  }
  const batch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return { outShape: [...batch, m, n], m, k, n };
}

/**
 * `op(a) @ op(b)` for float32 operands of any rank ≥ 2 with broadcast batch dims. Returns a fresh tensor of
 * `plan.outShape` owned by the caller.
 */
export function batchedProduct(
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  product: SingleProduct,
): tf.TensorInfo {
  const plan = planProduct(a, b, transposeA, transposeB);
  const temps: tf.TensorInfo[] = [];
  const aPlain = transposeA ? remember(temps, transposeLastTwo(backend, a)) : a;
  const bPlain = transposeB ? remember(temps, transposeLastTwo(backend, b)) : b;
  try {
    return plainProduct(backend, aPlain, bPlain, plan, product);
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

function remember(list: tf.TensorInfo[], t: tf.TensorInfo): tf.TensorInfo {
  list.push(t);
  return t;
}

/** `a [...bA, M, K] @ b [...bB, K, N]`, no transposes left. */
function plainProduct(
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  plan: ProductPlan,
  product: SingleProduct,
): tf.TensorInfo {
  const { m, k, n, outShape } = plan;
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const batchOut = tf.util.sizeFromShape(outShape.slice(0, -2));
  const out = backend.makeOutput([1, batchOut * m, n], 'float32');
  if (k === 0 || m === 0 || n === 0) {
    // An empty inner dimension sums nothing: zeros (makeOutput memory is uninitialised).
    const start = byteOffset(backend, out) / FLOAT_BYTES;
    heapF32(backend).fill(0, start, start + batchOut * m * n);
  } else if (batchB === 1 && batchA === batchOut) {
    // A shared right operand: the batch folds into the rows, one product [1, batch*M, K] @ [1, K, N].
    product(reshaped(a, [1, batchA * m, k]), reshaped(b, [1, k, n]), out);
  } else {
    perSlice(backend, a, b, out, plan, product);
  }
  return { dataId: out.dataId, shape: outShape, dtype: 'float32' };
}

/** One product per output batch, on views that alias the operands' and the output's heap memory. */
function perSlice(
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  out: tf.TensorInfo,
  plan: ProductPlan,
  product: SingleProduct,
): void {
  const { m, k, n, outShape } = plan;
  const batchDims = outShape.slice(0, -2);
  const aIndex = broadcastIndex(batchDims, a.shape.slice(0, -2));
  const bIndex = broadcastIndex(batchDims, b.shape.slice(0, -2));
  const aBase = byteOffset(backend, a);
  const bBase = byteOffset(backend, b);
  const outBase = byteOffset(backend, out);
  const batchOut = tf.util.sizeFromShape(batchDims);
  for (let i = 0; i < batchOut; i++) {
    const aView = makeView(backend, [1, m, k], aBase + aIndex(i) * m * k * FLOAT_BYTES);
    const bView = makeView(backend, [1, k, n], bBase + bIndex(i) * k * n * FLOAT_BYTES);
    const outView = makeView(backend, [1, m, n], outBase + i * m * n * FLOAT_BYTES);
    try {
      product(aView, bView, outView);
    } finally {
      releaseView(backend, aView);
      releaseView(backend, bView);
      releaseView(backend, outView);
    }
  }
}

/** Maps a flat index over the broadcast batch dims `outDims` to the flat batch index of an operand with `dims`. */
export function broadcastIndex(outDims: number[], dims: number[]): (i: number) => number {
  const padded = [...new Array<number>(outDims.length - dims.length).fill(1), ...dims];
  if (padded.every((d, j) => d === outDims[j])) return (i) => i;
  return (i) => {
    let rest = i;
    let index = 0;
    let stride = 1;
    for (let j = outDims.length - 1; j >= 0; j--) {
      const coord = rest % outDims[j];
      rest = Math.floor(rest / outDims[j]);
      if (padded[j] !== 1) index += coord * stride;
      stride *= padded[j];
    }
    return index;
  };
}

/** The C-side ids and shape bytes a cwrapped wasm matMul takes, for rank-3 operands. */
export function cArgs(backend: WasmBackend, t: tf.TensorInfo): [number, Uint8Array, number] {
  return [cId(backend, t), new Uint8Array(new Int32Array(t.shape).buffer), t.shape.length];
}
