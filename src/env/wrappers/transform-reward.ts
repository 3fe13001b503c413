import type { Env, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';

/** Gymnasium's `TransformReward`: returns `fn(reward)` in place of every reward. */
export class TransformReward<O = unknown, A = unknown> extends Wrapper<O, A> {
  constructor(
    env: Env<O, A>,
    private readonly fn: (reward: number) => number,
  ) {
    super(env);
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    return { ...result, reward: this.fn(result.reward) };
  }
}
