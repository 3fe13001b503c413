/** The pieces of a checkpoint, as the agent, replay and run loop hand them over and get them back. */
import type { DType, Tensor, TypedArray } from '../../io/dtypes.js';
import type { TensorSpec as IoTensorSpec } from '../../io/validate.js';

/** Element types (safetensors names: F32, F64, I32, U8, ...) and named n-d arrays, as src/io reads and writes them. */
export type { DType, Tensor, TypedArray };

/** Tensors by name, e.g. `{ 'wm/encoder/0/kernel': ... }`; names may contain '/' and '.'. */
export type NamedTensors = Record<string, Tensor>;

/**
 * What `saveCheckpoint` writes. Each key of each record names one file in the checkpoint folder:
 * `tensors.weights` -> weights.safetensors, `json.meta` -> meta.json, `arrays.replay` -> replay.npz (or chunks
 * replay.0.npz, replay.1.npz, ... when large).
 * Keys are file stems: letters, digits, '_' and '-'.
 */
export interface CheckpointParts {
  /** weights and optimiser moments, as safetensors (readable with `safetensors.numpy.load_file`) */
  tensors: Record<string, NamedTensors>;
  /** counters, RNG states, normaliser statistics, the resolved config: anything JSON */
  json: Record<string, unknown>;
  /** bulk data such as the replay, as .npz (readable with `numpy.load`) */
  arrays: Record<string, Record<string, Tensor>>;
}

/** The `MANIFEST.json` written last: its presence marks the checkpoint complete. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: number;
  /** env steps at which the checkpoint was taken */
  step: number;
  createdAt: string;
  parts: { tensors: string[]; json: string[]; arrays: string[] };
  /** the .npz chunk files of each arrays part, in order (absent: one `<stem>.npz` each) */
  arrayChunks?: Record<string, string[]>;
  /** every other file of the folder with its size and SHA-256 */
  files: Record<string, { bytes: number; sha256: string }>;
}

export const MANIFEST_FORMAT = 'dreamer-ts-checkpoint';
export const MANIFEST_VERSION = 1;

export interface LoadedCheckpoint extends CheckpointParts {
  /** the checkpoint folder */
  path: string;
  step: number;
  manifest: Manifest;
}

/** Expected names, dtypes and shapes of a tensor file; a loaded file must match exactly. */
export type TensorSpec = Record<string, IoTensorSpec>;
