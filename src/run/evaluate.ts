import type { Policy } from '../../agents/api.js';
import type { Driver } from './driver.js';

export interface EvalResult {
  returns: number[];
  lengths: number[];
}

/** Safety cap on vector steps per evaluation, so a policy that never ends an episode cannot hang the run. */
const MAX_EVAL_STEPS_PER_EPISODE = 100_000;

/**
 * Runs `episodes` complete episodes in eval mode (the policy's mode, no exploration) on the driver's own envs,
 * starting from a fresh reset with `seed`. Each sub-env owes a fixed share of the episodes (the first
 * `episodes % numEnvs` one more), so several eval envs do not favour short episodes: counting the first
 * `episodes` that end would over-sample the sub-envs whose episodes end early.
 */
export function evaluate<S>(driver: Driver<S>, agent: Policy<S>, episodes: number, seed: number): EvalResult {
  const out: EvalResult = { returns: [], lengths: [] };
  const n = driver.numEnvs;
  const owed = Array.from({ length: n }, (_, i) => Math.floor(episodes / n) + (i < episodes % n ? 1 : 0));
  driver.reset(agent, seed);
  let steps = 0;
  while (out.returns.length < episodes && steps < episodes * MAX_EVAL_STEPS_PER_EPISODE) {
    for (const end of driver.step(agent, 'eval')) {
      if (owed[end.subEnv]! === 0) continue;
      owed[end.subEnv]! -= 1;
      out.returns.push(end.return);
      out.lengths.push(end.length);
    }
    steps += 1;
  }
  driver.dropState(agent);
  return out;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function std(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}
