import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import type { WrapperState } from '../wrapper-state.js';
import { RegistryError } from '../../util/errors.js';

/**
 * Gymnasium's `TimeLimit`: counts every step since the last reset and sets `truncated = true` once the count
 * reaches `maxEpisodeSteps` (so the 200th step of a 200-step limit is truncated). It keeps counting and keeps
 * truncating past the limit; `terminated` is left as the env set it (both may be true). `reset()` zeroes the count.
 */
export class TimeLimit<O = unknown, A = unknown> extends Wrapper<O, A> {
  readonly maxEpisodeSteps: number;
  /** Steps since the last reset (Gymnasium's `_elapsed_steps`). */
  elapsedSteps = 0;

  constructor(env: Env<O, A>, maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new RegistryError(`TimeLimit needs maxEpisodeSteps to be a positive integer, got ${maxEpisodeSteps}; use -1 in make() to leave it out.`);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  override step(action: A): StepResult<O> {
    // Mutates the inner result instead of copying it: no allocation on the hot path. (An env that reuses one
    // result object must therefore set `truncated` on every step, as it must set every other field.)
    const result = this.env.step(action);
    this.elapsedSteps += 1;
    if (this.elapsedSteps >= this.maxEpisodeSteps) result.truncated = true;
    return result;
  }

  override reset(opts: ResetOptions = {}): ResetResult<O> {
    this.elapsedSteps = 0;
    return this.env.reset(opts);
  }

  /** For checkpoints (src/env/wrapper-state.ts): the count of the episode in flight. */
  getWrapperState(): WrapperState {
    return { elapsedSteps: this.elapsedSteps };
  }

  setWrapperState(state: WrapperState): void {
    this.elapsedSteps = Number(state.elapsedSteps);
  }
}
