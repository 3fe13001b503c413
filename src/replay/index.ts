// Replay: typed-array storage of env steps and uniform sampling of fixed-length sequences.
export { Replay, REPLAY_STATE_VERSION } from './replay.js';
export { Xoshiro128, type ReplayRng, type Xoshiro128State } from './rng.js';
export type { ReplayArrays, ReplayOptions, ReplayState, ReplayStep, SequenceBatch } from './types.js';
export { exportReplay, importReplay, type ReplayExport } from './persist.js';
