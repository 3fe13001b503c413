import type { Agent } from '../../agents/dreamer/agent.js';
import type { Driver } from './driver.js';

export interface EvalResult {
  returns: number[];
  lengths: number[];
}

/** Safety cap on vector steps per evaluation, so a policy that never ends an episode cannot hang the run. */
const MAX_EVAL_STEPS_PER_EPISODE = 100_000;

/**
 * Runs `episodes` complete episodes in eval mode (the policy's mode, no exploration) on the driver's own envs,
 * starting from a fresh reset with `seed`. Episodes are counted in the order they end.
 */
export function evaluate<S>(driver: Driver<S>, agent: Agent<S>, episodes: number, seed: number): EvalResult {
  const out: EvalResult = { returns: [], lengths: [] };
  driver.reset(agent, seed);
  let steps = 0;
  while (out.returns.length < episodes && steps < episodes * MAX_EVAL_STEPS_PER_EPISODE) {
    for (const end of driver.step(agent, 'eval')) {
      if (out.returns.length >= episodes) break;
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
