/**
 * Registers the classic-control suite with Gymnasium 1.4's ids, episode limits and reward thresholds.
 * Importing this module (the package root does) makes `make('CartPole-v1')` work.
 */
import { register } from '../src/env/registry.js';
import type { EnvClass } from '../src/env/spec.js';
import { addWorkerModule } from '../src/env/vector/worker-modules.js';
import { AcrobotEnv } from './classic/acrobot.js';
import { CartPoleEnv } from './classic/cartpole.js';
import { CartPoleVectorEnv } from './classic/cartpole-vector.js';
import { MountainCarContinuousEnv } from './classic/mountain-car-continuous.js';
import { MountainCarEnv } from './classic/mountain-car.js';
import { PendulumEnv } from './classic/pendulum.js';
import './dmc/register.js';
import { registerBsuite } from './bsuite/register.js';

/** The classic-control ids in Gymnasium's order, with their `register` options. */
export const CLASSIC_CONTROL = [
  { id: 'CartPole-v1', entryPoint: CartPoleEnv, maxEpisodeSteps: 500, rewardThreshold: 475.0 },
  { id: 'MountainCar-v0', entryPoint: MountainCarEnv, maxEpisodeSteps: 200, rewardThreshold: -110.0 },
  { id: 'MountainCarContinuous-v0', entryPoint: MountainCarContinuousEnv, maxEpisodeSteps: 999, rewardThreshold: 90.0 },
  { id: 'Pendulum-v1', entryPoint: PendulumEnv, maxEpisodeSteps: 200, rewardThreshold: undefined },
  { id: 'Acrobot-v1', entryPoint: AcrobotEnv, maxEpisodeSteps: 500, rewardThreshold: -100.0 },
] as const;

export function registerClassicControl(): void {
  for (const { id, entryPoint, maxEpisodeSteps, rewardThreshold } of CLASSIC_CONTROL) {
    // CartPole-v1 also has Gymnasium's batched implementation (make_vec's "vector_entry_point" mode).
    const vectorEntryPoint = id === 'CartPole-v1' ? CartPoleVectorEnv : undefined;
    register(id, entryPoint as unknown as EnvClass, { maxEpisodeSteps, rewardThreshold, vectorEntryPoint });
  }
}

registerClassicControl();
registerBsuite();
// Async vector envs' workers import this module too, so the ids resolve there.
addWorkerModule(import.meta.url);
