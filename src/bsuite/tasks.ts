import { LARGE_SCALE, SMALL_SCALE } from '../../envs/bsuite/register.js';

/** What a battery task probes; the report card has one row per capability. */
export type Capability = 'basic' | 'credit assignment' | 'memory' | 'exploration' | 'scale' | 'noise';

export const CAPABILITIES: readonly Capability[] = ['basic', 'credit assignment', 'memory', 'exploration', 'scale', 'noise'];

export interface BsuiteTask {
  /** The name `--tasks` takes and the run folder's name. */
  name: string;
  envId: string;
  capability: Capability;
  /** The env's reward factor: returns are divided by it before scoring, so every variant aims at one number. */
  rewardScale: number;
  /** The uniform-random agent's mean return (unscaled): `randomScore(envId, 10000, 0) / rewardScale`. */
  random: number;
  /** The best expected return (unscaled), by construction. */
  optimum: number;
  /** Env steps per run unless `--steps` is given. */
  steps: number;
  /** Evaluation episodes per run: more where reward noise would otherwise decide the score. */
  evalEpisodes: number;
}

/**
 * The battery. `random` was measured with `randomScore(envId, 10000, 0)` (src/bsuite/random-score.ts; the test
 * test/bsuite/tasks.test.ts re-measures it); `optimum` follows from each env's rules (see its doc comment).
 */
export const BSUITE_TASKS: readonly BsuiteTask[] = [
  { name: 'catch', envId: 'bsuite/catch-v0', capability: 'basic', rewardScale: 1, random: -0.598, optimum: 1, steps: 10_000, evalEpisodes: 10 },
  { name: 'bandit', envId: 'bsuite/bandit-v0', capability: 'basic', rewardScale: 1, random: 0.508, optimum: 1, steps: 3_000, evalEpisodes: 10 },
  { name: 'discounting_chain', envId: 'bsuite/discounting_chain-v0', capability: 'credit assignment', rewardScale: 1, random: 1.02, optimum: 1.1, steps: 20_000, evalEpisodes: 10 },
  { name: 'umbrella', envId: 'bsuite/umbrella-v0', capability: 'credit assignment', rewardScale: 1, random: 0.053, optimum: 1, steps: 20_000, evalEpisodes: 400 },
  { name: 'memory_length', envId: 'bsuite/memory_length-v0', capability: 'memory', rewardScale: 1, random: 0.01, optimum: 1, steps: 10_000, evalEpisodes: 10 },
  { name: 'deep_sea', envId: 'bsuite/deep_sea-v0', capability: 'exploration', rewardScale: 1, random: -0.004, optimum: 0.99, steps: 20_000, evalEpisodes: 10 },
  { name: 'catch_scale_small', envId: 'bsuite/catch_scale_small-v0', capability: 'scale', rewardScale: SMALL_SCALE, random: -0.598, optimum: 1, steps: 10_000, evalEpisodes: 10 },
  { name: 'catch_scale_large', envId: 'bsuite/catch_scale_large-v0', capability: 'scale', rewardScale: LARGE_SCALE, random: -0.598, optimum: 1, steps: 10_000, evalEpisodes: 10 },
  { name: 'cartpole_scale_small', envId: 'bsuite/cartpole_scale_small-v0', capability: 'scale', rewardScale: SMALL_SCALE, random: 22.09, optimum: 500, steps: 20_000, evalEpisodes: 10 },
  { name: 'cartpole_scale_large', envId: 'bsuite/cartpole_scale_large-v0', capability: 'scale', rewardScale: LARGE_SCALE, random: 22.09, optimum: 500, steps: 20_000, evalEpisodes: 10 },
  { name: 'catch_noise', envId: 'bsuite/catch_noise-v0', capability: 'noise', rewardScale: 1, random: -0.598, optimum: 1, steps: 10_000, evalEpisodes: 400 },
  { name: 'cartpole_noise', envId: 'bsuite/cartpole_noise-v0', capability: 'noise', rewardScale: 1, random: 22.09, optimum: 500, steps: 20_000, evalEpisodes: 10 },
];

/** The share of the random-to-optimum gap an agent must close to pass a task (see docs/bsuite.md for why). */
export const PASS_FRACTION = 0.8;

/** The return (unscaled) a task's run must reach: the random score plus PASS_FRACTION of the gap to the optimum. */
export function threshold(task: BsuiteTask): number {
  return task.random + PASS_FRACTION * (task.optimum - task.random);
}
