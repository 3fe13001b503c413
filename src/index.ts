// Public API of dreamer-ts. Each module re-exports its own names; see the modules for documentation.
export {};

// Env layer (Gymnasium 1.x semantics). Importing the root registers the classic-control envs, so
// `import { make } from 'dreamer-ts'; make('CartPole-v1')` works. `makeAsync` also loads './file.js:Export' ids.
import '../envs/register.js';
export {
  Env,
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
export type {
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
