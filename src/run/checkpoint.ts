/**
 * Checkpoints: everything a run needs to continue as if never stopped, in files other tools read.
 *
 *   LOGDIR/checkpoints/ckpt-000000012000/
 *     weights.safetensors  optimizer.safetensors   named tensors (PyTorch/JAX users: safetensors.numpy.load_file)
 *     meta.json  optimizer.json ...                 counters, RNG states, normaliser statistics, resolved config
 *     replay.npz                                    the replay (numpy.load)
 *     carry.safetensors                             the acting policy's carry (a checkpoint taken mid-episode)
 *     MANIFEST.json                                 written last: sizes and SHA-256 of every file
 *
 * `saveCheckpoint` writes into a hidden temp folder and renames it when complete; `latestCheckpoint` and
 * `loadCheckpoint(logdir)` only ever see complete checkpoints; the newest `keep` are kept.
 */
export { saveCheckpoint, prune } from './checkpoint/write.js';
export type { SaveOptions } from './checkpoint/write.js';
export { loadCheckpoint, resolveCheckpoint } from './checkpoint/read.js';
export type { LoadOptions } from './checkpoint/read.js';
export { latestCheckpoint, listCheckpoints, checkpointsDir, checkpointName, MANIFEST_FILE } from './checkpoint/layout.js';
export type { CheckpointEntry } from './checkpoint/layout.js';
export type { CheckpointParts, DType, LoadedCheckpoint, Manifest, NamedTensors, Tensor, TensorSpec, TypedArray } from './checkpoint/types.js';
