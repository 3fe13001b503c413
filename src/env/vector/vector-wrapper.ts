import type { AutoresetMode, EnvMetadata } from '../env.js';
import type { Space } from '../spaces/space.js';
import { VectorEnv, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from './vector-env.js';

/** Gymnasium's `VectorWrapper`: forwards everything to the wrapped vector env; subclasses override one hook. */
export class VectorWrapper<BO = unknown, BA = unknown> extends VectorEnv<BO, BA> {
  constructor(readonly env: VectorEnv<BO, BA>) {
    super();
  }

  get numEnvs(): number {
    return this.env.numEnvs;
  }
  get singleObservationSpace(): Space<unknown> {
    return this.env.singleObservationSpace;
  }
  get singleActionSpace(): Space<unknown> {
    return this.env.singleActionSpace;
  }
  get observationSpace(): Space<BO> {
    return this.env.observationSpace;
  }
  get actionSpace(): Space<BA> {
    return this.env.actionSpace;
  }
  get metadata(): EnvMetadata & { autoresetMode: AutoresetMode } {
    return this.env.metadata;
  }

  override reset(opts: VectorResetOptions = {}): VectorResetResult<BO> {
    return this.env.reset(opts);
  }

  override step(actions: BA): VectorStepResult<BO> {
    return this.env.step(actions);
  }

  override close(): void {
    this.env.close();
  }

  /** The wrapped env's render(), when it has one. */
  render(): unknown {
    return (this.env as { render?: () => unknown }).render?.();
  }

  override get unwrapped(): VectorEnv<unknown, unknown> {
    return this.env.unwrapped;
  }

  override toString(): string {
    return `<${this.constructor.name}, ${this.env.toString()}>`;
  }
}
