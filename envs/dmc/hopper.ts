/**
 * DMC's hopper domain, our own model of it, and its stand and hop tasks (dm_control `suite/hopper.py`).
 *
 * ## Description
 * A planar one-legged hopper: a torso with a nose on three root joints (slide x, slide z, hinge y), then pelvis,
 * thigh, calf and foot on waist, hip, knee and ankle hinges, all capsules of density 1000 that touch the floor and
 * each other (bar parent and child). Two touch sensors (spheres of radius 5 cm) sit at the toe and the heel.
 *
 * ## Action Space
 * `Box(-1, 1, (4,), float64)`: waist, hip, knee, ankle motors (gears 30, 40, 30, 10).
 *
 * ## Observation Space
 * `Dict(position: (6,), velocity: (7,), touch: (2,))`, float64: position = qpos without root x (rootz, rooty,
 * waist, hip, knee, ankle); velocity = qvel; touch = log(1 + normal force) at the toe and the heel.
 *
 * ## Rewards
 * standing = 1 while the torso's centre of mass is 0.6 to 2 m above the foot's, else 0. Stand: standing · (4 +
 * mean of tolerance(u_i, margin 1, quadratic, 0 at the margin)) / 5. Hop: standing · tolerance(centre-of-mass x
 * velocity, bounds [2, ∞), margin 1, linear, 0.5 at the margin).
 *
 * ## Starting State
 * dm_control's `randomize_limited_and_rotational_joints`: pitch ~ U(-π, π), each leg joint uniform in its range,
 * at rest.
 *
 * ## Episode End
 * Never terminates; the registry truncates at 1000 control steps (20 s at 0.02 s, 4 physics steps each).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import type { Physics } from './physics.js';
import { randomizeLimitedAndRotationalJoints } from './joint-randomizer.js';
import { tolerance } from './rewards.js';
import type { DmcObservation, DmcTask } from './task.js';

/** The physical facts of dm_control's hopper. Lengths in m, angles in degrees (as MJCF takes them). */
export const HOPPER = {
  timestep: 0.005,
  integrator: 'Euler',
  nSubsteps: 4,
  /** Leg joints: damping 0.05, armature 0.2, limited; the roots have none of these. */
  jointDamping: 0.05,
  jointArmature: 0.2,
  torsoHeight: 1,
  /** Capsules as segments (x, z) → (x, z) in their body's frame, and radii. */
  torso: { from: [0, -0.05], to: [0, 0.2], radius: 0.0653 },
  nose: { from: [0.08, 0.13], to: [0.15, 0.14], radius: 0.03 },
  pelvis: { pos: -0.05, length: 0.15, radius: 0.065, range: [-30, 30] },
  thigh: { pos: -0.2, length: 0.33, radius: 0.04, range: [-170, 10] },
  calf: { length: 0.32, radius: 0.03, range: [5, 150] },
  /** The foot runs from the heel (8 cm behind the ankle) to the toe (17 cm ahead). */
  foot: { heel: -0.08, toe: 0.17, radius: 0.04, range: [-45, 45] },
  touchSiteRadius: 0.05,
  gears: { waist: 30, hip: 40, knee: 30, ankle: 10 },
  ctrlRange: [-1, 1],
  floor: { x: 48, halfSize: [50, 1, 0.2] },
  /** The mjData arena: contacts use at most ~20 kB of it (measured, docs/dmc.md); not a physical fact. */
  arenaBytes: '256K',
} as const;

/** Our MJCF of the hopper. */
export function hopperXml(): string {
  const h = HOPPER;
  const motors = Object.entries(h.gears).map(([joint, gear]) => `<motor name="${joint}" joint="${joint}" gear="${gear}"/>`);
  return `<mujoco model="dmc-hopper">
  <option timestep="${h.timestep}" integrator="${h.integrator}"/>
  <size memory="${h.arenaBytes}"/>
  <statistic extent="2" center="0 0 .5"/>
  <visual><headlight ambient=".4 .4 .4" diffuse=".8 .8 .8" specular=".1 .1 .1"/><map znear=".01"/></visual>
  <default>
    <motor ctrllimited="true" ctrlrange="${h.ctrlRange.join(' ')}"/>
    <default class="leg">
      <joint type="hinge" axis="0 1 0" limited="true" damping="${h.jointDamping}" armature="${h.jointArmature}"/>
      <geom type="capsule" rgba=".7 .5 .3 1"/>
      <site type="sphere" size="${h.touchSiteRadius}" group="3"/>
    </default>
    <default class="root">
      <joint limited="false" damping="0" armature="0" stiffness="0"/>
    </default>
  </default>
  <worldbody>
    <camera name="cam0" pos="0 -2.8 0.8" euler="90 0 0" mode="trackcom"/>
    <camera name="back" pos="-2 -.2 1.2" xyaxes="0.2 -1 0 .5 0 2" mode="trackcom"/>
    <geom name="floor" type="plane" conaffinity="1" pos="${h.floor.x} 0 0" size="${h.floor.halfSize.join(' ')}" rgba=".15 .25 .35 1"/>
    <body name="torso" pos="0 0 ${h.torsoHeight}" childclass="leg">
      <light name="top" pos="0 0 2" mode="trackcom"/>
      <joint name="rootx" type="slide" axis="1 0 0" class="root"/>
      <joint name="rootz" type="slide" axis="0 0 1" class="root"/>
      <joint name="rooty" type="hinge" axis="0 1 0" class="root"/>
      <geom name="torso" fromto="${h.torso.from[0]} 0 ${h.torso.from[1]} ${h.torso.to[0]} 0 ${h.torso.to[1]}" size="${h.torso.radius}"/>
      <geom name="nose" fromto="${h.nose.from[0]} 0 ${h.nose.from[1]} ${h.nose.to[0]} 0 ${h.nose.to[1]}" size="${h.nose.radius}"/>
      <body name="pelvis" pos="0 0 ${h.pelvis.pos}">
        <joint name="waist" range="${h.pelvis.range.join(' ')}"/>
        <geom name="pelvis" fromto="0 0 0 0 0 ${-h.pelvis.length}" size="${h.pelvis.radius}"/>
        <body name="thigh" pos="0 0 ${h.thigh.pos}">
          <joint name="hip" range="${h.thigh.range.join(' ')}"/>
          <geom name="thigh" fromto="0 0 0 0 0 ${-h.thigh.length}" size="${h.thigh.radius}"/>
          <body name="calf" pos="0 0 ${-h.thigh.length}">
            <joint name="knee" range="${h.calf.range.join(' ')}"/>
            <geom name="calf" fromto="0 0 0 0 0 ${-h.calf.length}" size="${h.calf.radius}"/>
            <body name="foot" pos="0 0 ${-h.calf.length}">
              <joint name="ankle" range="${h.foot.range.join(' ')}"/>
              <geom name="foot" fromto="${h.foot.heel} 0 0 ${h.foot.toe} 0 0" size="${h.foot.radius}"/>
              <site name="touch_toe" pos="${h.foot.toe} 0 0"/>
              <site name="touch_heel" pos="${h.foot.heel} 0 0"/>
            </body>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <sensor>
    <subtreelinvel name="torso_subtreelinvel" body="torso"/>
    <touch name="touch_toe" site="touch_toe"/>
    <touch name="touch_heel" site="touch_heel"/>
  </sensor>
  <actuator>
    ${motors.join('\n    ')}
  </actuator>
</mujoco>
`;
}

/** Body ids (world 0): torso 1, pelvis 2, thigh 3, calf 4, foot 5. */
const TORSO = 1;
const FOOT = 5;
const STAND_HEIGHT = 0.6;
const HOP_SPEED = 2;

export type HopperTaskName = 'stand' | 'hop';

export class HopperTask implements DmcTask {
  readonly domain = 'hopper';
  readonly xml = hopperXml();
  readonly nSubsteps = HOPPER.nSubsteps;
  readonly observationLayout = [['position', 6], ['velocity', 7], ['touch', 2]] as const;

  constructor(readonly task: HopperTaskName) {}

  initializeEpisode(physics: Physics, rng: RandomGenerator): void {
    randomizeLimitedAndRotationalJoints(physics, rng);
  }

  observation(physics: Physics): DmcObservation {
    const toe = physics.named.sensordata('touch_toe')[0] as number;
    const heel = physics.named.sensordata('touch_heel')[0] as number;
    return { position: physics.qpos.slice(1), velocity: physics.qvel.slice(), touch: Float64Array.of(Math.log1p(toe), Math.log1p(heel)) };
  }

  reward(physics: Physics): number {
    // Heights of the bodies' centres of mass (xipos), as dm_control's `height()`.
    const xipos = physics.dataArray('xipos');
    const height = (xipos[3 * TORSO + 2] as number) - (xipos[3 * FOOT + 2] as number);
    return hopperReward({ height, speed: physics.named.sensordata('torso_subtreelinvel')[0] as number, control: physics.ctrl }, this.task);
  }
}

export interface HopperRewardInputs {
  /** the torso's centre of mass above the foot's (m) */
  height: number;
  /** the centre of mass's x velocity (m/s) */
  speed: number;
  control: ArrayLike<number>;
}

export function hopperReward(s: HopperRewardInputs, task: HopperTaskName): number {
  const standing = tolerance(s.height, { bounds: [STAND_HEIGHT, 2] });
  if (task === 'hop') return standing * tolerance(s.speed, { bounds: [HOP_SPEED, Infinity], margin: HOP_SPEED / 2, valueAtMargin: 0.5, sigmoid: 'linear' });
  let sum = 0;
  for (let i = 0; i < s.control.length; i++) sum += tolerance(s.control[i] as number, { margin: 1, valueAtMargin: 0, sigmoid: 'quadratic' });
  return standing * ((4 + sum / s.control.length) / 5);
}
