/**
 * What a DMC task adds to its domain's physics (dm_control's `base.Task`): how an episode starts, what the agent
 * observes, and the reward. The env (./dmc-env.ts) does the rest the same way for every task.
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import type { ModelAssets, Physics } from './physics.js';

/** Named float64 arrays in dm_control's order. */
export type DmcObservation = Record<string, Float64Array>;

export interface DmcTask {
  /** e.g. 'cartpole' and 'swingup': the env id is `dm_control/<domain>-<task>-v0`. */
  readonly domain: string;
  readonly task: string;
  /** The domain's MJCF and the files it includes. */
  readonly xml: string;
  readonly assets?: ModelAssets;
  /** Physics steps per control step (control timestep / physics timestep). */
  readonly nSubsteps: number;
  /** The camera frames are rendered from, by name or id (default 0, the one DreamerV3 uses for the suite). */
  readonly camera?: string | number;
  /** Observation entries in dm_control's order, with their lengths. */
  readonly observationLayout: ReadonlyArray<readonly [name: string, size: number]>;
  /** Sets the initial state after mj_resetData; the env calls mj_forward afterwards. */
  initializeEpisode(physics: Physics, rng: RandomGenerator): void;
  observation(physics: Physics): DmcObservation;
  /** In [0, 1]. */
  reward(physics: Physics): number;
}
