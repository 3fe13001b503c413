// Replay: typed-array storage of env steps and uniform sampling of fixed-length sequences.
export { Replay, REPLAY_STATE_VERSION, replayBytesPerStep, replayMemoryLine } from './replay.js';
export { Xoshiro128, type ReplayRng, type Xoshiro128State } from './rng.js';
export type { ImageColumns, ReplayArrays, ReplayOptions, ReplayState, ReplayStep, SequenceBatch } from './types.js';
export { exportReplay, importReplay, type ReplayExport } from './persist.js';
