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
import { type ReacherTaskName, ReacherTask } from './reacher.js';
import { BallInCupCatchTask } from './ball-in-cup.js';
import { type FingerTaskName, FingerTask } from './finger.js';
import { CheetahRunTask } from './cheetah.js';
import { type HopperTaskName, HopperTask } from './hopper.js';
import { type WalkerTaskName, WalkerTask } from './walker.js';

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

const reacher = (name: ReacherTaskName) => (kwargs: EnvKwargs): DmcEnv => build(new ReacherTask(name), kwargs);
export const reacherEasy = reacher('easy');
export const reacherHard = reacher('hard');

export const ballInCupCatch = (kwargs: EnvKwargs): DmcEnv => build(new BallInCupCatchTask(), kwargs);

const finger = (name: FingerTaskName) => (kwargs: EnvKwargs): DmcEnv => build(new FingerTask(name), kwargs);
export const fingerSpin = finger('spin');
export const fingerTurnEasy = finger('turn_easy');
export const fingerTurnHard = finger('turn_hard');
const walker = (name: WalkerTaskName) => (kwargs: EnvKwargs): DmcEnv => build(new WalkerTask(name), kwargs);
export const walkerStand = walker('stand');
export const walkerWalk = walker('walk');
export const walkerRun = walker('run');
export const cheetahRun = (kwargs: EnvKwargs): DmcEnv => build(new CheetahRunTask(), kwargs);
const hopper = (name: HopperTaskName) => (kwargs: EnvKwargs): DmcEnv => build(new HopperTask(name), kwargs);
export const hopperStand = hopper('stand');
export const hopperHop = hopper('hop');
