/**
 * The Gymnasium-compatible env layer. `make(id)` builds a registered env with gym.make's wrapper stack;
 * `makeAsync` also loads a user's `./file.js:Export` or `module:EnvId`; `register`, `spec` and `registry`
 * manage ids; `spaces`, `wrappers` and `vector` hold the rest; `checkEnv` runs Gymnasium's checker.
 * The classic-control envs register themselves when ../../envs/register.js is imported (the package root does).
 */
export { Env, EnvBase } from './public-env.js';
export {
  type EnvLike,
  type AutoresetMode,
  type EnvMetadata,
  type EnvSpecLike,
  type Frame,
  type Info,
  type RenderMode,
  type ResetOptions,
  type ResetResult,
  type StepResult,
} from './env.js';
export { Wrapper } from './wrapper.js';
export { make, makeAsync, type MakeOptions } from './make.js';
export { register, spec, registry, registeredIds, findSpec, versionsOf } from './registry.js';
export { pprintRegistry } from './pprint-registry.js';
export { parseEnvId, envId, type EntryPoint, type EnvClass, type EnvFactory, type EnvKwargs, type EnvSpec, type RegisterOptions } from './spec.js';
export { parseUserEnvRef, type UserEnvRef } from './load-user-env.js';
export { checkEnv, type CheckEnvOptions, type Finding } from './checker.js';
export { dataEquivalence } from './data-equivalence.js';
export { warnOnce } from './warn-once.js';
export { seedingNpRandom, type RandomGenerator } from './seeding.js';
export * as spaces from './spaces/index.js';
export * as wrappers from './wrappers/public.js';
export * as vector from './vector/index.js';
