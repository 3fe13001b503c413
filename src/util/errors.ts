/**
 * The error tree, the one module every error class lives in (as Gymnasium's error.py). Every error a user can
 * cause is a `DreamerError`: its message names the problem and the fix, and the CLI prints it in one or two
 * lines (exit code 2) without a stack trace unless `--debug`. A plain `Error` is left only for a programming
 * error no input can reach; its throw site says so.
 *
 *   DreamerError
 *   ├── ConfigError
 *   ├── RegistryError
 *   ├── SpaceError
 *   ├── EnvError
 *   │   ├── ResetNeededError
 *   │   ├── InvalidActionError
 *   │   ├── InvalidSeedError
 *   │   ├── WrapperError
 *   │   └── VectorEnvError
 *   │       └── VectorWorkerError
 *   ├── CheckpointError
 *   ├── ReplayError
 *   ├── BackendError
 *   ├── NoEntropyError
 *   ├── ClosedError
 *   └── UsageError
 */
export class DreamerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad configuration: YAML syntax, unknown key, wrong type, out-of-range value. */
export class ConfigError extends DreamerError {}

/** Env registry problems: unknown id, wrong version, bad entry point, unloadable user module. */
export class RegistryError extends DreamerError {}

/** A space built with inconsistent arguments (shape mismatch, NaN bound, low > high, bad mask). */
export class SpaceError extends DreamerError {}

/** An env broke its contract: NaN/Inf or a wrongly shaped obs, bad reward, step before reset. */
export class EnvError extends DreamerError {}

/** `step()` or `render()` called before the first `reset()` (Gymnasium's ResetNeeded). */
export class ResetNeededError extends EnvError {}

/** An action outside the action space where Gymnasium asserts. */
export class InvalidActionError extends EnvError {}

/** A seed that is not an integer >= 0. */
export class InvalidSeedError extends EnvError {}

/** A wrapper applied to an env it cannot wrap (wrong space type) or given an argument it cannot use. */
export class WrapperError extends EnvError {}

/** A vector env used wrongly: bad seeds, a bad reset mask, sub-envs with different spaces. */
export class VectorEnvError extends EnvError {}

/** A sub-env of an AsyncVectorEnv failed in its worker; `envIndex` says which one. */
export class VectorWorkerError extends VectorEnvError {
  constructor(
    readonly envIndex: number,
    readonly command: string,
    readonly causeName: string,
    causeMessage: string,
    readonly workerStack?: string,
  ) {
    super(`sub-env ${envIndex} failed in ${command}() inside its worker: ${causeName}: ${causeMessage}`);
  }
}

/** Missing, corrupt or mismatched checkpoint, or a tensor that cannot be written to one (bad dtype, shape or data). */
export class CheckpointError extends DreamerError {}

/** The replay buffer asked for what it does not hold yet (a sequence longer than any stream). */
export class ReplayError extends DreamerError {}

/** Tensor-layer problems a user can cause: unknown backend, unavailable optional package, a dtype or layout a kernel does not support. */
export class BackendError extends DreamerError {}

/** Thrown by distribution heads that define no entropy. */
export class NoEntropyError extends DreamerError {}

/** A logger, sink or other resource used after its `close()` (Gymnasium's ClosedEnvironmentError). */
export class ClosedError extends DreamerError {}

/** A script or command started without what it needs (a Node flag, an agent kind it does not support). */
export class UsageError extends DreamerError {}

/** The sweep queue (BullMQ on Redis): a queue URL that does not parse, a server that cannot be reached, a trial a worker refuses. */
export class QueueError extends DreamerError {}
