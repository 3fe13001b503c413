/**
 * The DMC envs' entry points. Importing this module loads MuJoCo's wasm (top-level await), which is why the
 * registry names it by path (./register.ts) and `makeAsync` imports it only when the first DMC env is made.
 */
import type { EnvKwargs } from '../../src/env/spec.js';
import { AcrobotSwingupTask } from './acrobot.js';
import { type CartpoleTaskName, CartpoleTask } from './cartpole.js';
import { DmcEnv, dmcEnvOptions } from './dmc-env.js';
import { loadMujoco } from './mujoco.js';
import { PendulumSwingupTask } from './pendulum.js';
import { PointMassEasyTask } from './point-mass.js';
import type { DmcTask } from './task.js';

await loadMujoco();

function build(task: DmcTask, kwargs: EnvKwargs): DmcEnv {
  return new DmcEnv(task, dmcEnvOptions(kwargs));
}

const cartpole = (name: CartpoleTaskName) => (kwargs: EnvKwargs): DmcEnv => build(new CartpoleTask(name), kwargs);

export const cartpoleBalance = cartpole('balance');
export const cartpoleBalanceSparse = cartpole('balance_sparse');
export const cartpoleSwingup = cartpole('swingup');
export const cartpoleSwingupSparse = cartpole('swingup_sparse');

export const pendulumSwingup = (kwargs: EnvKwargs): DmcEnv => build(new PendulumSwingupTask(), kwargs);
export const pointMassEasy = (kwargs: EnvKwargs): DmcEnv => build(new PointMassEasyTask(), kwargs);
export const acrobotSwingup = (kwargs: EnvKwargs): DmcEnv => build(new AcrobotSwingupTask(), kwargs);
