/**
 * DMC's walker domain, our own model of it, and its stand, walk and run tasks (dm_control `suite/walker.py`).
 *
 * ## Description
 * A planar biped: a torso (capsule 0.6 m long, radius 7 cm) on three root joints (slide z, slide x, hinge y), two
 * legs of thigh, leg and foot on hip, knee and ankle hinges, all capsules of density 1000. Its feet and legs touch
 * the floor (friction 0.7). Stand: keep the torso high and upright; walk / run: also move forward at 1 / 8 m/s.
 *
 * ## Action Space
 * `Box(-1, 1, (6,), float64)`: right hip, knee, ankle, left hip, knee, ankle motors (gears 100, 50, 20).
 *
 * ## Observation Space
 * `Dict(orientations: (14,), height: (1,), velocity: (9,))`, float64: orientations = the xx and xz entries of the
 * frame of each of the 7 bodies (torso, right thigh, leg, foot, left thigh, leg, foot); height = the torso's z;
 * velocity = qvel (rootz, rootx, rooty, then the six leg joints).
 *
 * ## Rewards
 * stand = (3 · standing + upright) / 4, standing = tolerance(torso z, bounds [1.2, ∞), margin 0.6), upright =
 * (1 + torso zz) / 2. Walk and run: stand · (5 · move + 1) / 6, move = tolerance(centre-of-mass x velocity,
 * bounds [speed, ∞), margin speed / 2, linear, 0.5 at the margin).
 *
 * ## Starting State
 * dm_control's `randomize_limited_and_rotational_joints`: the torso's pitch ~ U(-π, π), each leg joint uniform in
 * its range, at rest; the walker falls from where it is.
 *
 * ## Episode End
 * Never terminates; the registry truncates at 1000 control steps (25 s at 0.025 s, 10 physics steps each).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import type { Physics } from './physics.js';
import { randomizeLimitedAndRotationalJoints } from './joint-randomizer.js';
import { tolerance } from './rewards.js';
import type { DmcObservation, DmcTask } from './task.js';

/** The physical facts of dm_control's walker. Lengths in m, angles in degrees (as MJCF takes them). */
export const WALKER = {
  timestep: 0.0025,
  integrator: 'Euler',
  nSubsteps: 10,
  /** Every leg joint: damping 0.1, armature 0.01, a hard limit (solimp 0 .99 .01); the root joints have none. */
  jointDamping: 0.1,
  jointArmature: 0.01,
  limitSolimp: [0, 0.99, 0.01],
  /** Body geoms touch only the floor (contype 1, conaffinity 0; the floor has conaffinity 1). */
  friction: [0.7, 0.1, 0.1],
  torsoHeight: 1.3,
  torsoRadius: 0.07,
  torsoHalfLength: 0.3,
  /** The hips sit 0.3 m below the torso's centre, 5 cm to either side. */
  hipOffset: [0.05, -0.3],
  thigh: { radius: 0.05, halfLength: 0.225, range: [-20, 100] },
  /** The leg body sits 0.7 m below the hip; the knee is 0.25 m above its centre. */
  leg: { offset: -0.7, kneeOffset: 0.25, radius: 0.04, halfLength: 0.25, range: [-150, 0] },
  /** The foot: a capsule along x, its body 6 cm ahead of the ankle, 0.25 m below the leg's centre. */
  foot: { offset: [0.06, -0.25], radius: 0.05, halfLength: 0.1, range: [-45, 45] },
  gears: { hip: 100, knee: 50, ankle: 20 },
  ctrlRange: [-1, 1],
  /** The floor: a plane from x = -2 to 498 m, 1.6 m wide. */
  floor: { x: 248, halfSize: [250, 0.8, 0.2] },
  /** The mjData arena: contacts use at most ~20 kB of it (measured, docs/dmc.md); not a physical fact. */
  arenaBytes: '256K',
} as const;

const num = (xs: readonly number[]): string => xs.join(' ');

/** Our MJCF of the walker. Bodies and joints are in dm_control's order (the observation depends on it). */
export function walkerXml(): string {
  const w = WALKER;
  const leg = (side: 'right' | 'left', y: number): string => `
      <body name="${side}_thigh" pos="0 ${y} ${w.hipOffset[1]}">
        <joint name="${side}_hip" range="${num(w.thigh.range)}"/>
        <geom name="${side}_thigh" pos="0 0 ${-w.thigh.halfLength}" size="${w.thigh.radius} ${w.thigh.halfLength}"/>
        <body name="${side}_leg" pos="0 0 ${w.leg.offset}">
          <joint name="${side}_knee" pos="0 0 ${w.leg.kneeOffset}" range="${num(w.leg.range)}"/>
          <geom name="${side}_leg" size="${w.leg.radius} ${w.leg.halfLength}"/>
          <body name="${side}_foot" pos="${w.foot.offset[0]} 0 ${w.foot.offset[1]}">
            <joint name="${side}_ankle" pos="${-w.foot.offset[0]} 0 0" range="${num(w.foot.range)}"/>
            <geom name="${side}_foot" zaxis="1 0 0" size="${w.foot.radius} ${w.foot.halfLength}"/>
          </body>
        </body>
      </body>`;
  const motor = (side: string, joint: keyof typeof w.gears): string => `<motor name="${side}_${joint}" joint="${side}_${joint}" gear="${w.gears[joint]}"/>`;
  const motors = ['right', 'left'].flatMap((side) => (['hip', 'knee', 'ankle'] as const).map((j) => motor(side, j)));
  return `<mujoco model="dmc-walker">
  <option timestep="${w.timestep}" integrator="${w.integrator}"/>
  <size memory="${w.arenaBytes}"/>
  <statistic extent="2" center="0 0 1"/>
  <visual><headlight ambient=".4 .4 .4" diffuse=".8 .8 .8" specular=".1 .1 .1"/><map znear=".01"/></visual>
  <default>
    <joint damping="${w.jointDamping}" armature="${w.jointArmature}" limited="true" solimplimit="${num(w.limitSolimp)}"/>
    <geom contype="1" conaffinity="0" friction="${num(w.friction)}"/>
    <motor ctrllimited="true" ctrlrange="${num(w.ctrlRange)}"/>
    <default class="body">
      <geom type="capsule" rgba=".7 .5 .3 1"/>
      <joint axis="0 -1 0"/>
    </default>
  </default>
  <worldbody>
    <geom name="floor" type="plane" conaffinity="1" pos="${w.floor.x} 0 0" size="${num(w.floor.halfSize)}" rgba=".15 .25 .35 1"/>
    <body name="torso" pos="0 0 ${w.torsoHeight}" childclass="body">
      <light name="light" pos="0 0 2" mode="trackcom"/>
      <camera name="side" pos="0 -2 .7" euler="60 0 0" mode="trackcom"/>
      <camera name="back" pos="-2 0 .5" xyaxes="0 -1 0 1 0 3" mode="trackcom"/>
      <joint name="rootz" type="slide" axis="0 0 1" limited="false" damping="0" armature="0"/>
      <joint name="rootx" type="slide" axis="1 0 0" limited="false" damping="0" armature="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" limited="false" damping="0" armature="0"/>
      <geom name="torso" size="${w.torsoRadius} ${w.torsoHalfLength}"/>${leg('right', -w.hipOffset[0])}${leg('left', w.hipOffset[0])}
    </body>
  </worldbody>
  <sensor>
    <subtreelinvel name="torso_subtreelinvel" body="torso"/>
  </sensor>
  <actuator>
    ${motors.join('\n    ')}
  </actuator>
</mujoco>
`;
}

/** The torso's body id (world 0); the 7 bodies are ids 1..7. */
const TORSO = 1;
const STAND_HEIGHT = 1.2;
export const WALKER_SPEEDS = { stand: 0, walk: 1, run: 8 } as const;
export type WalkerTaskName = keyof typeof WALKER_SPEEDS;

export class WalkerTask implements DmcTask {
  readonly domain = 'walker';
  readonly xml = walkerXml();
  readonly nSubsteps = WALKER.nSubsteps;
  readonly observationLayout = [['orientations', 14], ['height', 1], ['velocity', 9]] as const;
  readonly moveSpeed: number;

  constructor(readonly task: WalkerTaskName) {
    this.moveSpeed = WALKER_SPEEDS[task];
  }

  initializeEpisode(physics: Physics, rng: RandomGenerator): void {
    randomizeLimitedAndRotationalJoints(physics, rng);
  }

  observation(physics: Physics): DmcObservation {
    const xmat = physics.xmat;
    const nbody = physics.model.nbody;
    const orientations = new Float64Array(2 * (nbody - 1));
    for (let b = 1; b < nbody; b++) {
      orientations[2 * (b - 1)] = xmat[9 * b] as number; // xx
      orientations[2 * (b - 1) + 1] = xmat[9 * b + 2] as number; // xz
    }
    return { orientations, height: Float64Array.of(physics.xpos[3 * TORSO + 2] as number), velocity: physics.qvel.slice() };
  }

  reward(physics: Physics): number {
    return walkerReward(
      { torsoHeight: physics.xpos[3 * TORSO + 2] as number, torsoUpright: physics.xmat[9 * TORSO + 8] as number, horizontalVelocity: physics.named.sensordata('torso_subtreelinvel')[0] as number },
      this.moveSpeed,
    );
  }
}

export interface WalkerRewardInputs {
  /** the torso's z (m) */
  torsoHeight: number;
  /** the torso frame's zz entry (cos of its pitch) */
  torsoUpright: number;
  /** the centre of mass's x velocity (m/s) */
  horizontalVelocity: number;
}

/** The walker's reward; moveSpeed 0 is the stand task. */
export function walkerReward(s: WalkerRewardInputs, moveSpeed: number): number {
  const standing = tolerance(s.torsoHeight, { bounds: [STAND_HEIGHT, Infinity], margin: STAND_HEIGHT / 2 });
  const upright = (1 + s.torsoUpright) / 2;
  const stand = (3 * standing + upright) / 4;
  if (moveSpeed === 0) return stand;
  const move = tolerance(s.horizontalVelocity, { bounds: [moveSpeed, Infinity], margin: moveSpeed / 2, valueAtMargin: 0.5, sigmoid: 'linear' });
  return (stand * (5 * move + 1)) / 6;
}
