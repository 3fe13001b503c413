/**
 * When the fused kernels run: on the backends whose tensors they read as arrays (cpu, wasm), unless switched off
 * (`setFusedKernelsEnabled(false)`, or DREAMER_FUSED=off in the environment, e.g. to time the composite ops).
 * Every other backend (tensorflow, webgl) runs the composite ops they replace.
 */
import * as tf from '@tensorflow/tfjs';
import { ARRAY_BACKENDS } from './array-kernel.js';

/** The environment variable that switches the fused kernels off for a whole process. */
export const FUSED_ENV_VAR = 'DREAMER_FUSED';

let enabled = process.env[FUSED_ENV_VAR] !== 'off';

/** Switch the fused kernels on or off (the layers then run the composite ops). Returns the previous setting. */
export function setFusedKernelsEnabled(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/** Whether the layers should call the fused kernels now: enabled and the active backend has them. */
export function fusedKernelsActive(): boolean {
  return enabled && (ARRAY_BACKENDS as readonly string[]).includes(tf.getBackend());
}
