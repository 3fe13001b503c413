import type { Env } from '../env/env.js';
import { EnvGuard } from '../run/env-guard.js';
import { DreamerError } from '../util/errors.js';

/** Episodes of the random rollout check-env runs after Gymnasium's checks. */
export const ROLLOUT_EPISODES = 3;
/** At most this many steps in all, so an env without episode ends (or very long ones) still finishes quickly. */
export const ROLLOUT_MAX_STEPS = 1000;
/** Seed of the resets (seed, seed+1, ...) and of the action sampler. */
export const ROLLOUT_SEED = 0;

export interface RolloutReport {
  episodes: number;
  /** steps taken, the failing one included */
  steps: number;
  /** The guard's message when the env broke its contract, with the episode it happened in. */
  error?: string;
}

/**
 * Gymnasium's checker takes one step; training takes thousands. This plays a few seeded episodes of random actions
 * through EnvGuard, the wrapper training checks every step with (obs shape and finiteness, finite reward, boolean
 * flags, no exception), so an env that turns NaN at step 3 fails here rather than in the middle of a run.
 */
export function randomRollout(env: Env<unknown, unknown>): RolloutReport {
  const guarded = new EnvGuard(env);
  guarded.actionSpace.seed(ROLLOUT_SEED);
  let steps = 0;
  let episodes = 0;
  try {
    while (episodes < ROLLOUT_EPISODES && steps < ROLLOUT_MAX_STEPS) {
      guarded.reset({ seed: ROLLOUT_SEED + episodes });
      let done = false;
      while (!done && steps < ROLLOUT_MAX_STEPS) {
        steps += 1;
        const result = guarded.step(guarded.actionSpace.sample());
        done = result.terminated || result.truncated;
      }
      if (done) episodes += 1;
    }
  } catch (e) {
    if (!(e instanceof DreamerError)) throw e;
    return { episodes, steps, error: `${e.message} (random rollout, episode ${episodes + 1}, seed ${ROLLOUT_SEED + episodes})` };
  }
  return { episodes, steps };
}
