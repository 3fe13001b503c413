import { Env } from './env.js';
import type { EnvLike, EnvMetadata, Frame, RenderMode, ResetOptions, ResetResult, StepResult } from './env.js';
import type { Space } from './spaces/space.js';

/**
 * An env of the right shape (two spaces, `reset`, `step`) that does not extend `Env`, given what `make` and the
 * run loop need from the base class: `unwrapped`, `spec`, `npRandom`, metadata. Everything else reads through to
 * the adopted object. What it cannot give: the adopted env never sees `npRandom`, so `reset({ seed })` seeds only
 * if the env's own `reset` uses `opts.seed` (the base class's `super.reset(opts)` does that for subclasses).
 */
export class AdoptedEnv<O = unknown, A = unknown> extends Env<O, A> {
  readonly adopted: EnvLike<O, A>;

  constructor(adopted: EnvLike<O, A>) {
    super();
    this.adopted = adopted;
    // The run loop restores an env exactly when `unwrapped.state` can be read and assigned: pass it through.
    if ('state' in adopted) {
      Object.defineProperty(this, 'state', {
        get: () => (adopted as { state: unknown }).state,
        set: (v: unknown) => void ((adopted as { state: unknown }).state = v),
      });
    }
  }

  get observationSpace(): Space<O> {
    return this.adopted.observationSpace;
  }

  get actionSpace(): Space<A> {
    return this.adopted.actionSpace;
  }

  override get metadata(): EnvMetadata {
    return this.adopted.metadata ?? super.metadata;
  }
  override set metadata(m: EnvMetadata) {
    super.metadata = m;
  }

  override get renderMode(): RenderMode | undefined {
    return this.adopted.renderMode ?? super.renderMode;
  }
  override set renderMode(m: RenderMode | undefined) {
    super.renderMode = m;
  }

  override reset(opts: ResetOptions = {}): ResetResult<O> {
    super.reset(opts);
    return this.adopted.reset(opts);
  }

  step(action: A): StepResult<O> {
    return this.adopted.step(action);
  }

  override render(): Frame | Frame[] | string | undefined {
    return this.adopted.render?.();
  }

  override close(): void {
    this.adopted.close?.();
  }

  override toString(): string {
    const name = (this.adopted as object).constructor?.name ?? 'env';
    return this.spec ? `<${name}<${this.spec.id}>>` : `<${name} instance>`;
  }
}

/** The members an env must have, with the type each must be. */
const REQUIRED_MEMBERS = [['observationSpace', 'object'], ['actionSpace', 'object'], ['reset', 'function'], ['step', 'function']] as const;

/** The required members `value` lacks (empty when it is shaped like an env). */
export function missingEnvMembers(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return REQUIRED_MEMBERS.map(([m]) => m);
  const v = value as Record<string, unknown>;
  return REQUIRED_MEMBERS.filter(([m, type]) => typeof v[m] !== type || v[m] === null).map(([m]) => m);
}

/**
 * `value` itself when it extends Env (this copy's class, or another copy's: a user's .ts file loaded through tsx
 * imports its own copy of the package, whose instances have `unwrapped` and `npRandom` too), else an `AdoptedEnv`.
 */
export function asEnv<O, A>(value: EnvLike<O, A>): Env<O, A> {
  if (value instanceof Env || ('unwrapped' in value && 'npRandom' in value)) return value as Env<O, A>;
  return new AdoptedEnv(value);
}
