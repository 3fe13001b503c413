import { Env } from './env.js';
import type { EnvMetadata, EnvSpecLike, Frame, RenderMode, ResetOptions, ResetResult, StepResult } from './env.js';
import type { Space } from './spaces/space.js';
import type { RandomGenerator } from './rng/generator.js';

/**
 * Gymnasium's `Wrapper`: forwards everything to the wrapped env; a subclass overrides one hook.
 * Spaces, metadata, spec and the generator read through to the inner env unless a subclass sets its own.
 */
export class Wrapper<O = unknown, A = unknown, InnerO = O, InnerA = A> extends Env<O, A> {
  readonly env: Env<InnerO, InnerA>;
  private _observationSpace: Space<O> | undefined;
  private _actionSpace: Space<A> | undefined;
  private _metadata: EnvMetadata | undefined;

  constructor(env: Env<InnerO, InnerA>) {
    super();
    this.env = env;
  }

  get observationSpace(): Space<O> {
    return this._observationSpace ?? (this.env.observationSpace as unknown as Space<O>);
  }
  set observationSpace(space: Space<O>) {
    this._observationSpace = space;
  }

  get actionSpace(): Space<A> {
    return this._actionSpace ?? (this.env.actionSpace as unknown as Space<A>);
  }
  set actionSpace(space: Space<A>) {
    this._actionSpace = space;
  }

  override get metadata(): EnvMetadata {
    return this._metadata ?? this.env.metadata;
  }
  override set metadata(m: EnvMetadata) {
    this._metadata = m;
  }

  override get renderMode(): RenderMode | undefined {
    return this.env.renderMode;
  }
  override set renderMode(m: RenderMode | undefined) {
    this.env.renderMode = m;
  }

  override get spec(): EnvSpecLike | undefined {
    return this.env.spec;
  }
  override set spec(s: EnvSpecLike | undefined) {
    this.env.spec = s;
  }

  override reset(opts: ResetOptions = {}): ResetResult<O> {
    return this.env.reset(opts) as unknown as ResetResult<O>;
  }

  step(action: A): StepResult<O> {
    return this.env.step(action as unknown as InnerA) as unknown as StepResult<O>;
  }

  override render(): Frame | Frame[] | string | undefined {
    return this.env.render();
  }

  override close(): void {
    this.env.close();
  }

  override get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped;
  }

  override get npRandom(): RandomGenerator {
    return this.env.npRandom;
  }
  override set npRandom(rng: RandomGenerator) {
    this.env.npRandom = rng;
  }

  override toString(): string {
    return `<${this.constructor.name}${this.env.toString()}>`;
  }
}
