import type { Space } from './spaces/space.js';
import type { RandomGenerator } from './rng/generator.js';
import { seedingNpRandom } from './seeding.js';

/** Extra information returned with reset and step; Gymnasium's `info` dict. */
export type Info = Record<string, unknown>;

/** One rendered frame: RGB bytes, row-major, height x width x 3 (HWC), like a NumPy uint8 image. */
export interface Frame {
  data: Uint8Array;
  /** [height, width, 3] */
  shape: [number, number, 3];
}

export type RenderMode = 'human' | 'rgb_array' | 'rgb_array_list' | 'ansi';
export type AutoresetMode = 'NextStep' | 'SameStep' | 'Disabled';

export interface EnvMetadata {
  renderModes: RenderMode[];
  renderFps?: number;
  autoresetMode?: AutoresetMode;
  [key: string]: unknown;
}

export interface ResetOptions {
  /** Re-seeds the env's generator (NumPy `SeedSequence(seed)`); an int >= 0. */
  seed?: number;
  options?: Record<string, unknown>;
}

export interface ResetResult<O> {
  obs: O;
  info: Info;
}

export interface StepResult<O> {
  obs: O;
  reward: number;
  /** The MDP reached a terminal state: no bootstrapping past it. */
  terminated: boolean;
  /** The episode was cut short (e.g. a time limit): the state is not terminal. */
  truncated: boolean;
  info: Info;
}

/** The registry entry an env was made from (filled by `make`). */
export interface EnvSpecLike {
  id: string;
  maxEpisodeSteps?: number;
  rewardThreshold?: number;
  kwargs: Record<string, unknown>;
}

/**
 * What an env must have: the two spaces, `reset` and `step` (render, close, metadata and renderMode are optional).
 * TypeScript is structural, so any class or object of this shape is an env: `make` adopts one that does not
 * extend the `Env` base class (see ./adopted-env.ts). The package root exports this as the type `Env`.
 */
export interface EnvLike<O = unknown, A = unknown> {
  observationSpace: Space<O>;
  actionSpace: Space<A>;
  reset(opts?: ResetOptions): ResetResult<O>;
  step(action: A): StepResult<O>;
  render?(): Frame | Frame[] | string | undefined;
  close?(): void;
  metadata?: EnvMetadata;
  renderMode?: RenderMode;
}

/**
 * The Env contract, Gymnasium 1.x semantics: `reset` starts an episode (and may re-seed), `step` advances it.
 * Subclasses implement `reset` and `step`, set the two spaces, and call `super.reset(opts)` first in `reset`
 * so that seeding behaves exactly like Gymnasium's `Env.reset`.
 */
export abstract class Env<O = unknown, A = unknown> {
  abstract observationSpace: Space<O>;
  abstract actionSpace: Space<A>;
  // Accessors (not fields) so that wrappers can read them through to the inner env.
  private _ownMetadata: EnvMetadata = { renderModes: [] };
  private _ownRenderMode: RenderMode | undefined = undefined;
  private _ownSpec: EnvSpecLike | undefined = undefined;

  get metadata(): EnvMetadata {
    return this._ownMetadata;
  }
  set metadata(m: EnvMetadata) {
    this._ownMetadata = m;
  }
  get renderMode(): RenderMode | undefined {
    return this._ownRenderMode;
  }
  set renderMode(m: RenderMode | undefined) {
    this._ownRenderMode = m;
  }
  get spec(): EnvSpecLike | undefined {
    return this._ownSpec;
  }
  set spec(s: EnvSpecLike | undefined) {
    this._ownSpec = s;
  }

  /** Set by `super.reset({ seed })`; created lazily from OS entropy when never seeded. */
  protected _npRandom: RandomGenerator | undefined = undefined;
  /** The seed last used for `npRandom` (undefined when seeded from entropy). */
  npRandomSeed: number | undefined = undefined;

  /** Seeds the generator when `opts.seed` is given (Gymnasium's base `Env.reset`). */
  reset(opts: ResetOptions = {}): ResetResult<O> {
    if (opts.seed !== undefined) this.seedNpRandom(opts.seed);
    return undefined as unknown as ResetResult<O>;
  }

  abstract step(action: A): StepResult<O>;

  render(): Frame | Frame[] | string | undefined {
    return undefined;
  }

  close(): void {}

  /** The innermost env (wrappers override this). */
  get unwrapped(): Env<unknown, unknown> {
    return this as Env<unknown, unknown>;
  }

  get npRandom(): RandomGenerator {
    if (this._npRandom === undefined) this.seedNpRandom(undefined);
    return this._npRandom as RandomGenerator;
  }

  set npRandom(rng: RandomGenerator) {
    this._npRandom = rng;
    this.npRandomSeed = undefined;
  }

  /** Gymnasium's `seeding.np_random`; see ./seeding.ts. */
  protected seedNpRandom(seed: number | undefined): void {
    const [rng, used] = seedingNpRandom(seed);
    this._npRandom = rng;
    this.npRandomSeed = used;
  }

  toString(): string {
    return this.spec ? `<${this.constructor.name}<${this.spec.id}>>` : `<${this.constructor.name} instance>`;
  }
}
