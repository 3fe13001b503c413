import type { Env, Frame, StepResult } from '../env/env.js';
import { EnvGuard } from '../run/env-guard.js';

/** Acts in one env: gets the observation as floats (`first` marks an episode's reset observation), returns the env action. */
export type EpisodePolicy = (obs: Float32Array, first: boolean) => unknown;

export interface EpisodeOptions {
  episodes: number;
  /** seeds the first reset; later resets continue the env's generator (Gymnasium's convention), so runs repeat */
  seed?: number;
  /** collect `render()` frames (the env must be made with renderMode 'rgb_array') */
  render?: boolean;
  /** stop collecting frames after this many (bounds memory on long evaluations); default 5000 */
  maxFrames?: number;
  /** sees every step result (e.g. to record rewards and final observations) */
  onStep?: (step: StepResult<unknown>) => void;
}

export interface EpisodeResults {
  returns: number[];
  lengths: number[];
  /** the rendered frames of all episodes in order (reset frame, then one per step), up to maxFrames */
  frames: Frame[];
}

const DEFAULT_MAX_FRAMES = 5000;

/**
 * Runs whole episodes of `policy` in `env` (guarded: a broken observation or reward is an EnvError naming the step).
 * An episode ends on termination or truncation; wrap the env in a TimeLimit if it has neither.
 */
export function runEpisodes(env: Env<unknown, unknown>, policy: EpisodePolicy, opts: EpisodeOptions): EpisodeResults {
  const guarded = new EnvGuard(env);
  const results: EpisodeResults = { returns: [], lengths: [], frames: [] };
  const maxFrames = opts.maxFrames ?? DEFAULT_MAX_FRAMES;
  const capture = () => {
    if (!opts.render || results.frames.length >= maxFrames) return;
    const frame = guarded.render();
    if (frame && typeof frame === 'object' && !Array.isArray(frame)) results.frames.push(frame);
  };
  for (let episode = 0; episode < opts.episodes; episode++) {
    let { obs } = guarded.reset(episode === 0 && opts.seed !== undefined ? { seed: opts.seed } : {});
    capture();
    let [ret, length, first] = [0, 0, true];
    for (;;) {
      const step = guarded.step(policy(toFloats(obs), first));
      opts.onStep?.(step);
      [ret, length, first, obs] = [ret + step.reward, length + 1, false, step.obs];
      capture();
      if (step.terminated || step.truncated) break;
    }
    results.returns.push(ret);
    results.lengths.push(length);
  }
  return results;
}

/** An observation as a Float32Array (typed arrays are converted, a number becomes one value). */
export function toFloats(obs: unknown): Float32Array {
  if (obs instanceof Float32Array) return obs;
  if (ArrayBuffer.isView(obs)) return Float32Array.from(obs as unknown as ArrayLike<number>);
  if (typeof obs === 'number') return Float32Array.of(obs);
  return Float32Array.from(obs as ArrayLike<number>);
}
