import * as tf from '@tensorflow/tfjs';
import { checkTensorSpecs, type TensorSpec } from '../../src/io/validate.js';
import { CheckpointError } from '../../src/util/errors.js';
import type { NamedTensors } from '../api.js';
import type { DreamerPolicyState } from './agent.js';

/**
 * The Dreamer policy's carry in a checkpoint (carry.safetensors): the posterior latent it filtered so far and the
 * action it last took, one row per sub-env. Float32 copied out and back as is, so the resumed policy acts bit for
 * bit as the saved one would have.
 */
export const CARRY_KEYS = ['deter', 'stoch', 'action'] as const;
export type CarrySizes = Record<(typeof CARRY_KEYS)[number], number>;

/** deter [N, D], stoch [N, S], action [N, A] as float32 arrays. */
export function carryTensors(state: DreamerPolicyState): NamedTensors {
  const parts = { deter: state.latent.deter, stoch: state.latent.stoch, action: state.action };
  const out: NamedTensors = {};
  for (const key of CARRY_KEYS) out[key] = { dtype: 'F32', shape: [...parts[key].shape], data: Float32Array.from(parts[key].dataSync()) };
  return out;
}

/** The carry back as tensors, after checking every entry's name, dtype, shape and values (CheckpointError). */
export function carryFromTensors(saved: NamedTensors, numEnvs: number, sizes: CarrySizes, source: string): DreamerPolicyState {
  const specs: Record<string, TensorSpec> = {};
  for (const key of CARRY_KEYS) specs[key] = { dtype: 'F32', shape: [numEnvs, sizes[key]] };
  checkTensorSpecs(`the agent's carry in ${source}`, saved, specs);
  for (const key of CARRY_KEYS) {
    const data = saved[key]!.data as Float32Array;
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new CheckpointError(`the agent's carry in ${source}: \`${key}\` holds ${data[bad]} at index ${bad}: the carry is damaged; resume from an older checkpoint.`);
    }
  }
  const row = (key: (typeof CARRY_KEYS)[number]): tf.Tensor2D => tf.tensor2d(saved[key]!.data as Float32Array, [numEnvs, sizes[key]]);
  return { latent: { deter: row('deter'), stoch: row('stoch') }, action: row('action') };
}
