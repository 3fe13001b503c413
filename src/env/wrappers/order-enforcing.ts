import type { Env, Frame, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import type { WrapperState } from '../wrapper-state.js';
import { ResetNeededError } from '../../util/errors.js';

export interface OrderEnforcingOptions {
  /** Allow `render()` before the first `reset()` (Gymnasium's `disable_render_order_enforcing`). */
  disableRenderOrderEnforcing?: boolean;
}

/** Gymnasium's `OrderEnforcing`: `step()` and `render()` before the first `reset()` throw ResetNeededError. */
export class OrderEnforcing<O = unknown, A = unknown> extends Wrapper<O, A> {
  /** Whether `reset()` has been called (Gymnasium's `has_reset`). */
  hasReset = false;
  private readonly disableRenderOrderEnforcing: boolean;

  constructor(env: Env<O, A>, opts: OrderEnforcingOptions = {}) {
    super(env);
    this.disableRenderOrderEnforcing = opts.disableRenderOrderEnforcing ?? false;
  }

  override step(action: A): StepResult<O> {
    if (!this.hasReset) throw new ResetNeededError('Cannot call env.step() before calling env.reset(): call env.reset() first.');
    return this.env.step(action);
  }

  override reset(opts: ResetOptions = {}): ResetResult<O> {
    this.hasReset = true;
    return this.env.reset(opts);
  }

  /** For checkpoints (src/env/wrapper-state.ts). */
  getWrapperState(): WrapperState {
    return { hasReset: this.hasReset };
  }

  setWrapperState(state: WrapperState): void {
    this.hasReset = state.hasReset === true;
  }

  override render(): Frame | Frame[] | string | undefined {
    if (!this.disableRenderOrderEnforcing && !this.hasReset) {
      throw new ResetNeededError(
        'Cannot call `env.render()` before calling `env.reset()`; call reset first, or wrap with ' +
          'OrderEnforcing(env, { disableRenderOrderEnforcing: true }) if this is intended.',
      );
    }
    return this.env.render();
  }
}
