/**
 * The error tree. Every error a user can cause is a `DreamerError`: its message names the problem and the fix,
 * and the CLI prints it in one or two lines (exit code 2) without a stack trace unless `--debug`.
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

/** An env broke its contract: NaN/Inf or a wrongly shaped obs, bad reward, step before reset. */
export class EnvError extends DreamerError {}

/** `step()` or `render()` called before the first `reset()` (Gymnasium's ResetNeeded). */
export class ResetNeededError extends EnvError {}

/** An action outside the action space where Gymnasium asserts. */
export class InvalidActionError extends EnvError {}

/** A seed that is not an integer >= 0. */
export class InvalidSeedError extends EnvError {}

/** Missing, corrupt or mismatched checkpoint. */
export class CheckpointError extends DreamerError {}

/** Tensor-layer problems a user can cause: unknown backend, unavailable optional package. */
export class BackendError extends DreamerError {}
