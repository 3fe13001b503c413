/**
 * DMC's pendulum domain, our own model of it, and its swing-up task (dm_control `suite/pendulum.py`).
 *
 * ## Description
 * A 1 kg point-like bob (a 5 cm sphere) on a massless 0.5 m rod, hinged 0.6 m above the floor; a weak motor at the
 * hinge (at most 1 N·m, less than gravity's 4.9 N·m at horizontal) must pump energy to swing it up.
 *
 * ## Action Space
 * `Box(-1, 1, (1,), float64)`: the hinge torque (gear 1).
 *
 * ## Observation Space
 * `Dict(orientation: (2,), velocity: (1,))`, float64: orientation = the rod's [zz, xz] frame entries (cos and sin
 * of the angle from upright); velocity = the hinge's angular velocity.
 *
 * ## Rewards
 * Sparse: 1 while the rod is within 8° of upright (cos >= cos 8°), else 0.
 *
 * ## Starting State
 * Angle ~ U(-π, π), at rest. Drawn from `npRandom`.
 *
 * ## Episode End
 * Never terminates; the registry truncates at 1000 control steps (20 s at 0.02 s).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import type { Physics } from './physics.js';
import { tolerance } from './rewards.js';
import type { DmcObservation, DmcTask } from './task.js';

/** The physical facts of dm_control's pendulum. */
export const PENDULUM = {
  timestep: 0.02,
  integrator: 'Euler',
  hingeHeight: 0.6,
  hingeDamping: 0.1,
  /** The rod (massless, radius 2 cm) and the bob at its end: a 1 kg sphere of radius 5 cm. */
  rodLength: 0.5,
  rodRadius: 0.02,
  bobRadius: 0.05,
  bobMass: 1,
  /** The hinge's housing: a massless cylinder of radius 2.1 cm across the hinge, 6 cm long. */
  baseRadius: 0.021,
  baseHalfLength: 0.03,
  gear: 1,
  ctrlRange: [-1, 1],
  nSubsteps: 1,
  /** The mjData arena; not a physical fact (see docs/dmc.md). */
  arenaBytes: '256K',
} as const;

/** Our MJCF of the pendulum. */
export function pendulumXml(): string {
  const p = PENDULUM;
  return `<mujoco model="dmc-pendulum">
  <option timestep="${p.timestep}" integrator="${p.integrator}">
    <flag contact="disable" energy="enable"/>
  </option>
  <size memory="${p.arenaBytes}"/>
  <visual><headlight ambient=".4 .4 .4" diffuse=".8 .8 .8" specular=".1 .1 .1"/></visual>
  <worldbody>
    <light name="top" pos="0 0 2"/>
    <geom name="floor" type="plane" size="2 2 0.2" rgba=".15 .25 .35 1"/>
    <camera name="fixed" pos="0 -1.5 2" xyaxes="1 0 0 0 1 1"/>
    <camera name="lookat" mode="targetbodycom" target="pole" pos="0 -2 1"/>
    <body name="pole" pos="0 0 ${p.hingeHeight}">
      <joint name="hinge" type="hinge" axis="0 1 0" damping="${p.hingeDamping}"/>
      <geom name="base" type="cylinder" fromto="0 ${-p.baseHalfLength} 0 0 ${p.baseHalfLength} 0" size="${p.baseRadius}" mass="0" rgba=".3 .5 .7 1"/>
      <geom name="pole" type="capsule" fromto="0 0 0 0 0 ${p.rodLength}" size="${p.rodRadius}" mass="0" rgba=".7 .5 .3 1"/>
      <geom name="mass" type="sphere" pos="0 0 ${p.rodLength}" size="${p.bobRadius}" mass="${p.bobMass}" rgba=".7 .4 .2 1"/>
    </body>
  </worldbody>
  <actuator>
    <motor name="torque" joint="hinge" gear="${p.gear}" ctrllimited="true" ctrlrange="${p.ctrlRange.join(' ')}"/>
  </actuator>
</mujoco>
`;
}

/** The rod's body id (world 0). */
const POLE = 1;
/** Upright within 8 degrees. */
export const PENDULUM_COSINE_BOUND = Math.cos((8 * Math.PI) / 180);

export class PendulumSwingupTask implements DmcTask {
  readonly domain = 'pendulum';
  readonly task = 'swingup';
  readonly xml = pendulumXml();
  readonly nSubsteps = PENDULUM.nSubsteps;
  readonly observationLayout = [['orientation', 2], ['velocity', 1]] as const;

  initializeEpisode(physics: Physics, rng: RandomGenerator): void {
    physics.qpos[0] = rng.uniform(-Math.PI, Math.PI, 1)[0] as number;
  }

  observation(physics: Physics): DmcObservation {
    const xmat = physics.xmat;
    return {
      orientation: Float64Array.of(xmat[9 * POLE + 8] as number, xmat[9 * POLE + 2] as number),
      velocity: Float64Array.of(physics.qvel[0] as number),
    };
  }

  reward(physics: Physics): number {
    return pendulumReward(physics.xmat[9 * POLE + 8] as number);
  }
}

/** 1 within 8° of upright, from the cosine of the rod's angle. */
export function pendulumReward(cosine: number): number {
  return tolerance(cosine, { bounds: [PENDULUM_COSINE_BOUND, 1] });
}
