// Public API of dreamer-ts. Each module re-exports its own names; see the modules for documentation.
export {};

// Env layer (Gymnasium 1.x semantics). Importing the root registers the classic-control envs, so
// `import { make } from 'dreamer-ts'; make('CartPole-v1')` works. `makeAsync` also loads './file.js:Export' ids.
import '../envs/register.js';
export {
  Env, // the type any env satisfies (two spaces, reset, step) and the optional base class (`extends Env`)
  EnvBase,
  Wrapper,
  make,
  makeAsync,
  register,
  spec,
  registry,
  registeredIds,
  pprintRegistry,
  checkEnv,
  seedingNpRandom,
  spaces,
  wrappers, // TimeLimit, OrderEnforcing, PassiveEnvChecker, RenderCollection + RecordEpisodeStatistics, ClipAction, ...
  vector, // SyncVectorEnv, AsyncVectorEnv, makeVec
} from './env/index.js';
// The common spaces also at the top level, as `from gymnasium.spaces import Box` users expect.
export { Box, Discrete, MultiDiscrete, MultiBinary } from './env/spaces/index.js';
export type {
  EnvLike,
  EnvSpec,
  EntryPoint,
  MakeOptions,
  RegisterOptions,
  Finding,
  CheckEnvOptions,
  Frame,
  Info,
  RenderMode,
  ResetOptions,
  ResetResult,
  StepResult,
  RandomGenerator,
} from './env/index.js';

// The error classes (as Gymnasium's `gymnasium.error`): `err instanceof errors.SpaceError`, `errors.DreamerError`, ...
export * as errors from './util/errors.js';

// Configs (defaults.yaml + presets + overrides, validated), replay, metric sinks, checkpoint file formats.
export { loadConfig, saveResolvedConfig, getSchema } from './config/index.js';
export type { Config, LoadConfigArgs } from './config/index.js';
export { Replay, exportReplay, importReplay } from './replay/index.js';
export type { ReplayStep, SequenceBatch } from './replay/index.js';
export { Logger, createLogger, MetricMeans } from './log/index.js';
export type { MetricRecord, MetricSink } from './log/index.js';
export { readSafetensors, writeSafetensors, readNpz, writeNpz, writeFileAtomic } from './io/index.js';
export type { Tensor, DType } from './io/index.js';

// Training: the loop behind `dreamer train`, the Dreamer agent and the random baseline.
export { train } from './run/train.js';
export type { TrainOptions, TrainResult } from './run/train.js';
export { DreamerAgent, RandomAgent, AGENTS, createAgent, createExplorer } from '../agents/index.js';
export type { Agent, AgentContext, AgentEntry, AgentParts, ActionSpec, Metrics, Policy, PolicyMode, PolicyOutput } from '../agents/index.js';

// Research workflow: checkpoints (atomic, validated), env-fault guard, learning-curve plots, GIF videos.
export { saveCheckpoint, loadCheckpoint, latestCheckpoint, listCheckpoints, resolveCheckpoint } from './run/checkpoint.js';
export type { CheckpointParts, LoadedCheckpoint, NamedTensors } from './run/checkpoint.js';
export { EnvGuard, checkVectorStep } from './run/env-guard.js';
export { plotRuns } from './plot/plot.js';
export { encodeGif, writeGif } from './video/gif.js';
