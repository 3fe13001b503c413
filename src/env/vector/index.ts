// Vector envs: several copies of an env stepped together (Gymnasium 1.x semantics). See each file.
export { VectorEnv, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from './vector-env.js';
export { VectorWrapper } from './vector-wrapper.js';
export { SyncVectorEnv, type SyncVectorEnvOptions } from './sync-vector-env.js';
export { VectorRecordEpisodeStatistics, type VectorRecordEpisodeStatisticsOptions } from './record-episode-statistics.js';
export { AutoresettingSubEnv, AUTORESET_MODES, type SubEnvStep } from './autoreset.js';
export { addInfo, type VectorInfo } from './infos.js';
export { createBatch, readItem, writeItem, copyBatch } from './batch.js';
export { AsyncVectorEnv, type AsyncVectorEnvOptions } from './async-vector-env.js';
export type { EnvSource } from './worker-protocol.js';
export { makeVec, makeVecAsync, type MakeVecOptions, type VectorizationMode } from './make-vec.js';
export { VectorNormalizeObservation, VectorNormalizeReward } from './normalize.js';
