/**
 * DMC's acrobot domain, our own model of it, and its swing-up task (dm_control `suite/acrobot.py`; Coulom's
 * acrobot rather than Spong's).
 *
 * ## Description
 * Two 1 m, 1 kg capsule links hinged in a chain, the shoulder 2 m above the floor; only the elbow has a motor. The
 * task is to swing the tip up to a target sphere (radius 0.2 m) 4 m above the floor, i.e. straight up.
 *
 * ## Action Space
 * `Box(-1, 1, (1,), float64)`: the elbow motor (gear 2, so up to 2 N·m).
 *
 * ## Observation Space
 * `Dict(orientations: (4,), velocity: (2,))`, float64: orientations = [xz of the upper and the lower arm's frames
 * (sines), zz of both (cosines)]; velocity = [shoulder, elbow] angular velocities.
 *
 * ## Rewards
 * tolerance(tip-to-target distance, bounds [0, 0.2], margin 1) (gaussian, 0.1 one metre outside the target).
 *
 * ## Starting State
 * Shoulder and elbow angles ~ U(-π, π) each, at rest. Drawn from `npRandom`.
 *
 * ## Episode End
 * Never terminates; the registry truncates at 1000 control steps (10 s at 0.01 s).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import type { Physics } from './physics.js';
import { tolerance } from './rewards.js';
import type { DmcObservation, DmcTask } from './task.js';

/** The physical facts of dm_control's acrobot. */
export const ACROBOT = {
  timestep: 0.01,
  integrator: 'RK4',
  shoulderHeight: 2,
  /** Both links: 1 m capsules of 1 kg; radii 5 cm (upper) and 4.9 cm (lower). */
  linkLength: 1,
  linkMass: 1,
  upperRadius: 0.05,
  lowerRadius: 0.049,
  jointDamping: 0.05,
  gear: 2,
  ctrlRange: [-1, 1],
  targetHeight: 4,
  targetRadius: 0.2,
  nSubsteps: 1,
  /** The mjData arena; not a physical fact (see docs/dmc.md). */
  arenaBytes: '256K',
} as const;

/** Our MJCF of the acrobot. Constraints are off: the joints are unlimited and nothing touches. */
export function acrobotXml(): string {
  const a = ACROBOT;
  return `<mujoco model="dmc-acrobot">
  <option timestep="${a.timestep}" integrator="${a.integrator}">
    <flag constraint="disable" energy="enable"/>
  </option>
  <size memory="${a.arenaBytes}"/>
  <visual><headlight ambient=".4 .4 .4" diffuse=".8 .8 .8" specular=".1 .1 .1"/></visual>
  <worldbody>
    <light name="top" pos="0 0 6"/>
    <geom name="floor" type="plane" size="3 3 0.2" rgba=".15 .25 .35 1"/>
    <site name="target" type="sphere" pos="0 0 ${a.targetHeight}" size="${a.targetRadius}" group="3" rgba=".6 .3 .3 1"/>
    <camera name="fixed" pos="0 -6 2" xyaxes="1 0 0 0 0 1"/>
    <camera name="lookat" mode="targetbodycom" target="upper_arm" pos="0 -2 3"/>
    <body name="upper_arm" pos="0 0 ${a.shoulderHeight}">
      <joint name="shoulder" type="hinge" axis="0 1 0" damping="${a.jointDamping}"/>
      <geom name="upper_arm_decoration" type="cylinder" fromto="0 -.06 0 0 .06 0" size="0.051" mass="0" rgba=".3 .5 .7 1"/>
      <geom name="upper_arm" type="capsule" fromto="0 0 0 0 0 ${a.linkLength}" size="${a.upperRadius}" mass="${a.linkMass}" rgba=".7 .5 .3 1"/>
      <body name="lower_arm" pos="0 0 ${a.linkLength}">
        <joint name="elbow" type="hinge" axis="0 1 0" damping="${a.jointDamping}"/>
        <geom name="lower_arm" type="capsule" fromto="0 0 0 0 0 ${a.linkLength}" size="${a.lowerRadius}" mass="${a.linkMass}" rgba=".7 .5 .3 1"/>
        <site name="tip" pos="0 0 ${a.linkLength}" size="0.01"/>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="elbow" joint="elbow" gear="${a.gear}" ctrllimited="true" ctrlrange="${a.ctrlRange.join(' ')}"/>
  </actuator>
</mujoco>
`;
}

/** Body ids of the two links (world 0). */
const UPPER = 1;
const LOWER = 2;

export class AcrobotSwingupTask implements DmcTask {
  readonly domain = 'acrobot';
  readonly task = 'swingup';
  readonly xml = acrobotXml();
  readonly nSubsteps = ACROBOT.nSubsteps;
  readonly observationLayout = [['orientations', 4], ['velocity', 2]] as const;

  initializeEpisode(physics: Physics, rng: RandomGenerator): void {
    physics.qpos.set(rng.uniform(-Math.PI, Math.PI, 2));
  }

  observation(physics: Physics): DmcObservation {
    const m = physics.xmat;
    return {
      orientations: Float64Array.of(m[9 * UPPER + 2] as number, m[9 * LOWER + 2] as number, m[9 * UPPER + 8] as number, m[9 * LOWER + 8] as number),
      velocity: physics.qvel.slice(),
    };
  }

  reward(physics: Physics): number {
    const target = physics.named.siteXpos('target');
    const tip = physics.named.siteXpos('tip');
    return acrobotReward(Math.hypot((target[0] as number) - (tip[0] as number), (target[1] as number) - (tip[1] as number), (target[2] as number) - (tip[2] as number)));
  }
}

/** The swing-up reward from the tip-to-target distance. */
export function acrobotReward(distance: number): number {
  return tolerance(distance, { bounds: [0, ACROBOT.targetRadius], margin: 1 });
}
