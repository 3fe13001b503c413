import type { Env, StepResult } from '../env.js';
import type { Space } from '../spaces/space.js';
import { Wrapper } from '../wrapper.js';

/**
 * Gymnasium's `TransformAction`: the agent's action goes through `fn` before reaching the env. Pass the space
 * of the actions the agent sends when it differs from the env's.
 */
export class TransformAction<O = unknown, A = unknown, InnerA = unknown> extends Wrapper<O, A, O, InnerA> {
  constructor(
    env: Env<O, InnerA>,
    private readonly fn: (action: A) => InnerA,
    actionSpace?: Space<A>,
  ) {
    super(env);
    if (actionSpace !== undefined) this.actionSpace = actionSpace;
  }

  override step(action: A): StepResult<O> {
    return this.env.step(this.fn(action));
  }
}
