/**
 * Cheaper zero cotangents for the gradient tape. When a recorded kernel has an output that nothing downstream
 * differentiates (the fused GRU cell's and the RSSM sequence kernel's `saved` activations, an unused half of a
 * split), tfjs's engine hands its gradient a zero tensor made in JS: a fresh zeroed Float32Array of the output's
 * size, then copied into the backend (on wasm, into the heap). For the RSSM sequence kernel's [800, 1230] `saved`
 * that is ~4 MB allocated, copied and garbage-collected per step (~6 ms of process CPU per world-model step,
 * 2026-12-07). Here the same zeros come from the backend's `Fill` kernel (on wasm: a fill of a heap view), with the
 * same shape, dtype and scope as the engine's. `setFillZeroCotangents(false)` restores the engine's method.
 */
import * as tf from '@tensorflow/tfjs';

type GradFunc = (dys: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => Record<string, () => tf.Tensor>;

interface TapeNode {
  id: number;
  kernelName: string;
  inputs: tf.NamedTensorMap;
  outputs: tf.Tensor[];
  saved: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
}

/** The parts of tfjs-core's Engine this touches (internal API, stable across tfjs 4.x: engine.ts addTapeNode). */
interface EngineInternals {
  addTapeNode(kernelName: string, inputs: tf.NamedTensorMap, outputs: tf.Tensor[], gradientsFunc: GradFunc | null,
    saved: tf.Tensor[], attrs: tf.NamedAttrMap): void;
  state: { nextTapeNodeId: number; activeTape: TapeNode[] };
}

const engine = tf.engine() as unknown as EngineInternals;

/** The engine's addTapeNode with the zeros for a missing cotangent from `tf.fill` instead of a JS array. */
function addTapeNode(this: EngineInternals, kernelName: string, inputs: tf.NamedTensorMap, outputs: tf.Tensor[],
  gradientsFunc: GradFunc | null, saved: tf.Tensor[], attrs: tf.NamedAttrMap): void {
  const tapeNode: TapeNode = { id: this.state.nextTapeNodeId++, kernelName, inputs, outputs, saved };
  const config = tf.getGradient(kernelName);
  const grad = (config?.gradFunc as GradFunc | undefined) ?? gradientsFunc;
  if (grad) {
    tapeNode.gradient = (dys) => {
      const full = dys.map((dy, i) => dy ?? tf.fill(outputs[i].shape, 0, outputs[i].dtype));
      return grad(full.length > 1 ? full : full[0], saved, attrs);
    };
  }
  this.state.activeTape.push(tapeNode);
}

/** The environment variable that keeps the engine's own zero cotangents for a whole process (A/B timing). */
export const FILL_ZERO_COTANGENTS_ENV_VAR = 'DREAMER_FILL_ZERO_DY';

/** Switch the filled zero cotangents on or off; returns the previous setting. `initBackend` switches them on. */
export function setFillZeroCotangents(on: boolean): boolean {
  const previous = Object.prototype.hasOwnProperty.call(engine, 'addTapeNode');
  if (on) engine.addTapeNode = addTapeNode;
  else delete (engine as Partial<EngineInternals>).addTapeNode;
  return previous;
}

/** What `initBackend` calls: on, unless DREAMER_FILL_ZERO_DY=off. */
export function installFillZeroCotangents(): void {
  setFillZeroCotangents(process.env[FILL_ZERO_COTANGENTS_ENV_VAR] !== 'off');
}
