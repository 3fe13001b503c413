import type { Env, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import { ConfigError } from '../../util/errors.js';

/**
 * Repeats each action `repeat` times (DreamerV3's `ActionRepeat`, as for the DeepMind Control Suite): the rewards
 * are summed, the last observation and info are returned, and the repeat stops early at the first step that
 * terminates or truncates, which is returned as it is.
 *
 * Wrap it outside the TimeLimit `make` adds: the limit then counts control steps and truncates at the right one
 * (a 1000-step DMC episode is 500 repeated steps at repeat 2); inside it, the limit would count repeated steps
 * and let episodes run `repeat` times too long. `metadata.renderFps` is divided by `repeat`, since a video records
 * one frame per repeated step.
 */
export class ActionRepeat<O = unknown, A = unknown> extends Wrapper<O, A> {
  constructor(
    env: Env<O, A>,
    readonly repeat: number,
  ) {
    super(env);
    if (!Number.isInteger(repeat) || repeat < 1) throw new ConfigError(`ActionRepeat needs repeat to be a whole number >= 1, got ${repeat}.`);
    const fps = env.metadata.renderFps;
    if (repeat > 1 && fps !== undefined) this.metadata = { ...env.metadata, renderFps: fps / repeat };
  }

  override step(action: A): StepResult<O> {
    let result = this.env.step(action);
    let reward = result.reward;
    for (let i = 1; i < this.repeat && !result.terminated && !result.truncated; i++) {
      result = this.env.step(action);
      reward += result.reward;
    }
    // The last result is returned with the summed reward (envs may reuse one result object: no copy is kept).
    result.reward = reward;
    return result;
  }
}
