/**
 * The whole v1 GRU cell (reset after the recurrent product) as one kernel forward and one backward: both products,
 * their biases and the gates. Composite, a step is 3 kernels forward (two `_FusedMatMul`, `DreamerGruV1`) and 7
 * backward (four `BatchMatMul`, two `Sum`, `DreamerGruV1Grad`). The cell runs fused where its loops are the
 * addon's (native/src/gru_cell.cc with our sgemm, on the wasm heap without copies) and the state is at most
 * `FUSED_GRU_CELL_MAX_STATE` elements; everywhere else, and with DREAMER_FUSED=off, the composite ops run (the
 * products then stay on the backend's own matMul).
 *
 * The forward kernel has a second output, `saved` [B, 4U] (the gates r, z, c and the recurrent candidate
 * projection hc), which only its gradient reads: the backward pass needs no product but its own four.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '../../../util/errors.js';
import { denseMatMul } from '../dense-matmul.js';
import { GRU_CELL_V1_GRAD_KERNEL, GRU_CELL_V1_KERNEL } from '../names.js';
import { fusedKernelsActive } from './active.js';
import { arrayKernelConfigs, type ArrayKernelSpec } from './array-kernel.js';
import { runFusedOp, type FusedOp } from './fused-op.js';
import { gruV1Gates } from './gru.js';
import { fusedMath } from './math.js';

/** The cell's parameters: input kernel [I, 3U] and bias [3U], recurrent kernel [U, 3U] and bias [3U]. */
export interface GruCellV1Params {
  wx: tf.Tensor;
  bx: tf.Tensor;
  wh: tf.Tensor;
  bh: tf.Tensor;
}

/** B, I, U from the shapes of x [B, I] and h [B, U]. */
const dims = (x: number[], h: number[]): [number, number, number] => [x[0], x[1], h[1]];

const forward: ArrayKernelSpec = {
  kernelName: GRU_CELL_V1_KERNEL,
  inputNames: ['x', 'h', 'wx', 'bx', 'wh', 'bh'],
  outputShapes: ([, h]) => [h, [h[0], 4 * h[1]]],
  compute: ([x, h, wx, bx, wh, bh], [out, saved], _attrs, s) =>
    fusedMath().gruCellV1Forward(...dims(s[0], s[1]), x, h, wx, bx, wh, bh, out, saved),
};

const backward: ArrayKernelSpec = {
  kernelName: GRU_CELL_V1_GRAD_KERNEL,
  inputNames: ['x', 'h', 'wx', 'wh', 'saved', 'dy'],
  outputShapes: ([x, h, wx, wh]) => [x, h, wx, [wx[1]], wh, [wh[1]]],
  compute: ([x, h, wx, wh, saved, dy], [dx, dh, dwx, dbx, dwh, dbh], _attrs, s) =>
    fusedMath().gruCellV1Backward(...dims(s[0], s[1]), x, h, wx, wh, saved, dy, dx, dh, dwx, dbx, dwh, dbh),
};

const gradient: tf.GradConfig = {
  kernelName: GRU_CELL_V1_KERNEL,
  inputsToSave: ['x', 'h', 'wx', 'wh'],
  outputsToSave: [false, true],
  gradFunc: (dys, savedTensors) => {
    // dys: [dy of h', zeros for `saved`, which nothing downstream reads]
    const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
    const [x, h, wx, wh, saved] = savedTensors;
    const grads = tf.engine().runKernel(GRU_CELL_V1_GRAD_KERNEL, { x, h, wx, wh, saved, dy }) as tf.Tensor[];
    const names = ['x', 'h', 'wx', 'bx', 'wh', 'bh'];
    return Object.fromEntries(names.map((name, i) => [name, () => grads[i]]));
  },
};

export const GRU_CELL_V1_OP: FusedOp = {
  name: GRU_CELL_V1_KERNEL,
  kernels: [...arrayKernelConfigs(forward), ...arrayKernelConfigs(backward)],
  gradients: [gradient],
};

function checkShapes(x: tf.Tensor, h: tf.Tensor, { wx, bx, wh, bh }: GruCellV1Params): void {
  const [B, I] = x.shape;
  const U = h.shape[1] as number;
  const ok = x.rank === 2 && h.rank === 2 && h.shape[0] === B && wx.rank === 2 && wx.shape[0] === I &&
    wx.shape[1] === 3 * U && wh.rank === 2 && wh.shape[0] === U && wh.shape[1] === 3 * U && bx.rank === 1 &&
    bx.shape[0] === 3 * U && bh.rank === 1 && bh.shape[0] === 3 * U;
  if (!ok) {
    throw new BackendError(
      `GRU cell: expected x [B, I], h [B, U], wx [I, 3U], bx [3U], wh [U, 3U], bh [3U]; got x [${x.shape}], ` +
      `h [${h.shape}], wx [${wx.shape}], bx [${bx.shape}], wh [${wh.shape}], bh [${bh.shape}]: check the GRU's input and state sizes`,
    );
  }
}

/** The cell as composite ops: two dense products, then the gates (one fused kernel where the backend has it). */
export function gruCellV1Composite(x: tf.Tensor, h: tf.Tensor, p: GruCellV1Params): tf.Tensor2D {
  const xp = denseMatMul(x as tf.Tensor2D, p.wx as tf.Tensor2D, p.bx as tf.Tensor1D);
  const hp = denseMatMul(h as tf.Tensor2D, p.wh as tf.Tensor2D, p.bh as tf.Tensor1D);
  return gruV1Gates(xp, hp, h);
}

/** The cell as the one fused kernel, whatever runs its loops (the tests call it on cpu with the JS loops). */
export function gruCellV1Fused(x: tf.Tensor, h: tf.Tensor, p: GruCellV1Params): tf.Tensor2D {
  checkShapes(x, h, p);
  const [out, saved] = runFusedOp(GRU_CELL_V1_OP, { x, h, ...p }) as tf.Tensor[];
  saved.dispose(); // the tape keeps its own handle when it records; nothing else reads it
  return out as tf.Tensor2D;
}

/**
 * Above this many state elements (B·U) the cell runs as composite ops: there the four products dominate and the
 * fused cell's extra traffic (its saved gates, and the zero cotangent the engine makes for that second output)
 * costs more than the dispatches it saves: imagination's 800 × 200 cell took ~3 % more CPU fused (15-step chain,
 * 6 alternating pairs, 2026-12-06, shared machine). The observation loop's 16 × 200 cell stays fused.
 */
export const FUSED_GRU_CELL_MAX_STATE = 16_384;

/** Whether `gruCellV1` runs the fused kernel for a state of `stateSize` elements: fused on, loops native, small. */
export function fusedGruCellActive(stateSize = 0): boolean {
  return fusedKernelsActive() && fusedMath().nativeGruCell && stateSize <= FUSED_GRU_CELL_MAX_STATE;
}

/** h' of the v1 cell (reset after): x [B, I], h [B, U] -> [B, U]; one kernel each way where that is faster. */
export function gruCellV1(x: tf.Tensor, h: tf.Tensor, p: GruCellV1Params): tf.Tensor2D {
  checkShapes(x, h, p);
  return fusedGruCellActive(h.size) ? gruCellV1Fused(x, h, p) : gruCellV1Composite(x, h, p);
}
