import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import type { Space } from '../spaces/space.js';
import { Wrapper } from '../wrapper.js';

/**
 * Gymnasium's `TransformObservation`: applies `fn` to every observation (reset and step). Pass the
 * observation space of the transformed values when `fn` changes it; otherwise the env's space is kept.
 */
export class TransformObservation<O, A = unknown, InnerO = unknown> extends Wrapper<O, A, InnerO, A> {
  constructor(
    env: Env<InnerO, A>,
    private readonly fn: (obs: InnerO) => O,
    observationSpace?: Space<O>,
  ) {
    super(env);
    if (observationSpace !== undefined) this.observationSpace = observationSpace;
  }

  override reset(opts: ResetOptions = {}): ResetResult<O> {
    const { obs, info } = this.env.reset(opts);
    return { obs: this.fn(obs), info };
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    return { ...result, obs: this.fn(result.obs) };
  }
}
