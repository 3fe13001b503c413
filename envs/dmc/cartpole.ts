/**
 * DMC's cartpole domain, our own model of it, and its four tasks (dm_control `suite/cartpole.py`).
 *
 * ## Description
 * A cart slides on a rail (±1.8 m) and carries an unactuated pole on a hinge; a motor pushes the cart. Balance
 * tasks start near upright, swing-up tasks start hanging down.
 *
 * ## Action Space
 * `Box(-1, 1, (1,), float64)`: the motor's control (gear 10, so a force of up to 10 N).
 *
 * ## Observation Space
 * `Dict(position: (3,), velocity: (2,))`, float64: position = [cart x, pole's cos (zz of its frame), pole's
 * xz entry of its frame (sin of the angle)]; velocity = [cart ẋ, pole angular velocity].
 *
 * ## Rewards
 * Smooth tasks: upright · centred · small control · small angular velocity, each factor in [0, 1], where
 * upright = (cos + 1) / 2, centred = (1 + tolerance(x, margin 2)) / 2, small control = (4 + tolerance(u, margin 1,
 * quadratic, value 0)) / 5, small velocity = (1 + tolerance(ω, margin 5)) / 2. Sparse tasks: 1 while |x| <= 0.25
 * and cos >= 0.995, else 0.
 *
 * ## Starting State
 * Balance: x ~ U(-0.1, 0.1), θ ~ U(-0.034, 0.034). Swing-up: x ~ 0.01·N(0, 1), θ = π + 0.01·N(0, 1). Both:
 * velocities 0.01·N(0, 1). Drawn from `npRandom` in that order.
 *
 * ## Episode End
 * Never terminates; the registry truncates at 1000 control steps (10 s at 0.01 s).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import type { Physics } from './physics.js';
import { tolerance } from './rewards.js';
import type { DmcObservation, DmcTask } from './task.js';

/** The physical facts of dm_control's cartpole (one pole). */
export const CARTPOLE = {
  timestep: 0.01,
  integrator: 'RK4',
  /** Cart: a 0.4 × 0.3 × 0.2 m box of 1 kg on a slider at height 1 m. */
  cartHalfSize: [0.2, 0.15, 0.1],
  cartMass: 1,
  railHeight: 1,
  sliderRange: [-1.8, 1.8],
  sliderDamping: 5e-4,
  /** The rail limit's soft constraint: time constant 0.08 s, damping ratio 1. */
  sliderSolref: [0.08, 1],
  /** Pole: a 1 m capsule of radius 0.045 m and 0.1 kg, hinged at the cart's centre about y. */
  poleLength: 1,
  poleRadius: 0.045,
  poleMass: 0.1,
  hingeDamping: 2e-6,
  gear: 10,
  ctrlRange: [-1, 1],
  nSubsteps: 1,
  /** The mjData arena; not a physical fact (see cartpoleXml). */
  arenaBytes: '256K',
} as const;

const num = (xs: readonly number[]): string => xs.join(' ');

/** Our MJCF of the cartpole: the same bodies, inertias, joints and actuator as dm_control's, plain colours, no textures. */
export function cartpoleXml(): string {
  const c = CARTPOLE;
  return `<mujoco model="dmc-cartpole">
  <option timestep="${c.timestep}" integrator="${c.integrator}">
    <flag contact="disable" energy="enable"/>
  </option>
  <!-- The data's arena (constraints and per-step scratch): MuJoCo's default, sized for big models, would reserve
       about 14 MB of wasm heap per env; 2 dofs without contacts need a few kB. -->
  <size memory="${c.arenaBytes}"/>
  <visual><headlight ambient=".4 .4 .4" diffuse=".8 .8 .8" specular=".1 .1 .1"/></visual>
  <worldbody>
    <light name="top" pos="0 0 6"/>
    <camera name="fixed" pos="0 -4 ${c.railHeight}" xyaxes="1 0 0 0 0 1"/>
    <camera name="lookatcart" mode="targetbody" target="cart" pos="0 -2 2"/>
    <geom name="floor" type="plane" pos="0 0 -0.05" size="4 4 0.2" rgba=".15 .25 .35 1"/>
    <geom name="rail1" type="capsule" fromto="-2 0.07 ${c.railHeight} 2 0.07 ${c.railHeight}" size="0.02" rgba=".3 .5 .7 1"/>
    <geom name="rail2" type="capsule" fromto="-2 -0.07 ${c.railHeight} 2 -0.07 ${c.railHeight}" size="0.02" rgba=".3 .5 .7 1"/>
    <body name="cart" pos="0 0 ${c.railHeight}">
      <joint name="slider" type="slide" axis="1 0 0" limited="true" range="${num(c.sliderRange)}"
             damping="${c.sliderDamping}" solreflimit="${num(c.sliderSolref)}"/>
      <geom name="cart" type="box" size="${num(c.cartHalfSize)}" mass="${c.cartMass}" rgba=".7 .5 .3 1"/>
      <body name="pole_1">
        <joint name="hinge_1" type="hinge" axis="0 1 0" damping="${c.hingeDamping}"/>
        <geom name="pole_1" type="capsule" fromto="0 0 0 0 0 ${c.poleLength}" size="${c.poleRadius}" mass="${c.poleMass}" rgba=".7 .5 .3 1"/>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="slide" joint="slider" gear="${c.gear}" ctrllimited="true" ctrlrange="${num(c.ctrlRange)}"/>
  </actuator>
</mujoco>
`;
}

/** The pole's body id in our model (world 0, cart 1). */
const POLE = 2;
const CART_RANGE = [-0.25, 0.25] as const;
const ANGLE_COSINE_RANGE = [0.995, 1] as const;

export type CartpoleTaskName = 'balance' | 'balance_sparse' | 'swingup' | 'swingup_sparse';

export class CartpoleTask implements DmcTask {
  readonly domain = 'cartpole';
  readonly xml = cartpoleXml();
  readonly nSubsteps = CARTPOLE.nSubsteps;
  readonly observationLayout = [['position', 3], ['velocity', 2]] as const;
  readonly swingUp: boolean;
  readonly sparse: boolean;

  constructor(readonly task: CartpoleTaskName) {
    this.swingUp = task.startsWith('swingup');
    this.sparse = task.endsWith('_sparse');
  }

  initializeEpisode(physics: Physics, rng: RandomGenerator): void {
    const qpos = physics.qpos;
    if (this.swingUp) {
      qpos[0] = 0.01 * (rng.normal(0, 1, 1)[0] as number);
      qpos[1] = Math.PI + 0.01 * (rng.normal(0, 1, 1)[0] as number);
    } else {
      qpos[0] = rng.uniform(-0.1, 0.1, 1)[0] as number;
      qpos[1] = rng.uniform(-0.034, 0.034, 1)[0] as number;
    }
    physics.qvel.set(rng.normal(0, 1, physics.qvel.length).map((v) => 0.01 * v));
  }

  observation(physics: Physics): DmcObservation {
    const xmat = physics.xmat;
    const qvel = physics.qvel;
    return {
      position: Float64Array.of(physics.qpos[0] as number, xmat[9 * POLE + 8] as number, xmat[9 * POLE + 2] as number),
      velocity: qvel.slice(),
    };
  }

  reward(physics: Physics): number {
    return cartpoleReward(
      { cartPosition: physics.qpos[0] as number, poleCosine: physics.xmat[9 * POLE + 8] as number, angularVelocity: physics.qvel[1] as number, control: physics.ctrl[0] as number },
      this.sparse,
    );
  }
}

export interface CartpoleRewardInputs {
  cartPosition: number;
  poleCosine: number;
  angularVelocity: number;
  control: number;
}

/** The task's reward from the four quantities it reads. */
export function cartpoleReward(s: CartpoleRewardInputs, sparse: boolean): number {
  if (sparse) {
    return tolerance(s.cartPosition, { bounds: CART_RANGE }) * tolerance(s.poleCosine, { bounds: ANGLE_COSINE_RANGE });
  }
  const upright = (s.poleCosine + 1) / 2;
  const centred = (1 + tolerance(s.cartPosition, { margin: 2 })) / 2;
  const smallControl = (4 + tolerance(s.control, { margin: 1, valueAtMargin: 0, sigmoid: 'quadratic' })) / 5;
  const smallVelocity = (1 + tolerance(s.angularVelocity, { margin: 5 })) / 2;
  return upright * smallControl * smallVelocity * centred;
}
