import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '../../util/errors.js';
import type { Module } from '../module.js';

/**
 * Moves every variable of `target` towards the matching variable of `source`: t ← (1 - rate) · t + rate · s
 * (DreamerV3's slow critic, rate 0.02). Both modules must have the same architecture; `rate = 1` copies.
 */
export function emaUpdate(target: Module, source: Module, rate: number): void {
  const t = target.variableList();
  const s = source.variableList();
  const mismatch = t.length !== s.length || t.some((v, i) => v.shape.join() !== s[i].shape.join());
  if (mismatch) {
    throw new CheckpointError(
      `emaUpdate: "${target.name}" and "${source.name}" have different variables; build the slow copy with the same config.`,
    );
  }
  tf.tidy(() => {
    t.forEach((v, i) => v.assign(tf.add(tf.mul(v, 1 - rate), tf.mul(s[i], rate))));
  });
}
