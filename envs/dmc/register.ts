/**
 * Registers the DeepMind Control Suite tasks under shimmy's ids (`dm_control/<domain>-<task>-v0`), 1000 control
 * steps each. The entry points are a path into ./entry.ts so that MuJoCo's wasm loads only when `makeAsync` makes
 * the first DMC env (the CLI does); a synchronous `make` of a DMC id says to use `makeAsync`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from '../../src/env/registry.js';

/** dm_control's episodes: 1000 control steps (10, 20 or 25 s depending on the domain). */
export const DMC_EPISODE_STEPS = 1000;

/** Registered ids and the export of ./entry.ts that makes each. */
export const DMC_TASKS = [
  { id: 'dm_control/acrobot-swingup-v0', entry: 'acrobotSwingup' },
  { id: 'dm_control/cartpole-balance-v0', entry: 'cartpoleBalance' },
  { id: 'dm_control/cartpole-balance_sparse-v0', entry: 'cartpoleBalanceSparse' },
  { id: 'dm_control/cartpole-swingup-v0', entry: 'cartpoleSwingup' },
  { id: 'dm_control/cartpole-swingup_sparse-v0', entry: 'cartpoleSwingupSparse' },
  { id: 'dm_control/pendulum-swingup-v0', entry: 'pendulumSwingup' },
  { id: 'dm_control/point_mass-easy-v0', entry: 'pointMassEasy' },
  { id: 'dm_control/reacher-easy-v0', entry: 'reacherEasy' },
  { id: 'dm_control/reacher-hard-v0', entry: 'reacherHard' },
  { id: 'dm_control/ball_in_cup-catch-v0', entry: 'ballInCupCatch' },
  { id: 'dm_control/finger-spin-v0', entry: 'fingerSpin' },
  { id: 'dm_control/finger-turn_easy-v0', entry: 'fingerTurnEasy' },
  { id: 'dm_control/finger-turn_hard-v0', entry: 'fingerTurnHard' },
  { id: 'dm_control/walker-stand-v0', entry: 'walkerStand' },
  { id: 'dm_control/walker-walk-v0', entry: 'walkerWalk' },
  { id: 'dm_control/walker-run-v0', entry: 'walkerRun' },
  { id: 'dm_control/cheetah-run-v0', entry: 'cheetahRun' },
  { id: 'dm_control/hopper-stand-v0', entry: 'hopperStand' },
  { id: 'dm_control/hopper-hop-v0', entry: 'hopperHop' },
] as const;

/** ./entry.ts beside this file, or entry.js once compiled. */
function entryFile(): string {
  const here = fileURLToPath(import.meta.url);
  return path.join(path.dirname(here), `entry${path.extname(here)}`);
}

export function registerDmc(): void {
  const file = entryFile();
  for (const { id, entry } of DMC_TASKS) register(id, `${file}:${entry}`, { maxEpisodeSteps: DMC_EPISODE_STEPS });
}

registerDmc();
