/**
 * DMC's cheetah domain, our own model of it, and its run task (dm_control `suite/cheetah.py`).
 *
 * ## Description
 * A planar cheetah of 14 kg: a 1 m capsule torso with a head, on three root joints (slide x, slide z, hinge y), a
 * back and a front leg of thigh, shin and foot. Every leg joint is a stiff, damped spring (stiffness 240 to 60
 * N·m/rad) with a motor; all capsules touch each other (bar parent and child) and the floor, friction 0.4.
 *
 * ## Action Space
 * `Box(-1, 1, (6,), float64)`: back thigh, shin, foot, front thigh, shin, foot motors (gears 120, 90, 60, 90, 60, 30).
 *
 * ## Observation Space
 * `Dict(position: (8,), velocity: (9,))`, float64: position = qpos without root x (rootz, rooty, the six leg
 * joints); velocity = qvel (rootx, rootz, rooty, the six leg joints).
 *
 * ## Rewards
 * tolerance(centre-of-mass x velocity, bounds [10, ∞), margin 10, linear, 0 at the margin): speed / 10, capped at 1
 * (0 for standing still or running backwards).
 *
 * ## Starting State
 * Each leg joint uniform in its range (one draw per joint, in joint order), then 200 physics steps with zero
 * control to let it settle on the floor, then the clock is set back to 0.
 *
 * ## Episode End
 * Never terminates; the registry truncates at 1000 control steps (10 s at 0.01 s).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import type { Physics } from './physics.js';
import { tolerance } from './rewards.js';
import type { DmcObservation, DmcTask } from './task.js';

interface CheetahLimb {
  name: string;
  /** the body's position in its parent's frame (x, z) */
  pos: readonly [number, number];
  /** joint range (degrees), stiffness (N·m/rad), damping (N·m·s/rad) */
  range: readonly [number, number];
  stiffness: number;
  damping: number;
  /** the capsule: centre (x, z) in the body's frame, pitch (degrees), half-length */
  geomPos: readonly [number, number];
  pitch: number;
  halfLength: number;
  gear: number;
}

/** The physical facts of dm_control's cheetah. Lengths in m, angles in degrees (as MJCF takes them). */
export const CHEETAH = {
  timestep: 0.01,
  integrator: 'Euler',
  nSubsteps: 1,
  /** The compiler scales the capsules' masses (density 1000) to this total. */
  totalMass: 14,
  torsoHeight: 0.7,
  /** Every capsule's radius. */
  radius: 0.046,
  torsoHalfLength: 0.5,
  head: { pos: [0.6, 0.1], pitch: 50, halfLength: 0.15 },
  /** Leg joints' defaults: armature 0.1; friction of all geoms 0.4, condim 3. */
  armature: 0.1,
  friction: [0.4, 0.1, 0.1],
  back: [
    { name: 'bthigh', pos: [-0.5, 0], range: [-30, 60], stiffness: 240, damping: 6, geomPos: [0.1, -0.13], pitch: -218, halfLength: 0.145, gear: 120 },
    { name: 'bshin', pos: [0.16, -0.25], range: [-50, 50], stiffness: 180, damping: 4.5, geomPos: [-0.14, -0.07], pitch: -116, halfLength: 0.15, gear: 90 },
    { name: 'bfoot', pos: [-0.28, -0.14], range: [-230, 50], stiffness: 120, damping: 3, geomPos: [0.03, -0.097], pitch: -15, halfLength: 0.094, gear: 60 },
  ] as readonly CheetahLimb[],
  front: [
    { name: 'fthigh', pos: [0.5, 0], range: [-57, 0.4], stiffness: 180, damping: 4.5, geomPos: [-0.07, -0.12], pitch: 30, halfLength: 0.133, gear: 90 },
    { name: 'fshin', pos: [-0.14, -0.24], range: [-70, 50], stiffness: 120, damping: 3, geomPos: [0.065, -0.09], pitch: -34, halfLength: 0.106, gear: 60 },
    { name: 'ffoot', pos: [0.13, -0.18], range: [-28, 28], stiffness: 60, damping: 1.5, geomPos: [0.045, -0.07], pitch: -34, halfLength: 0.07, gear: 30 },
  ] as readonly CheetahLimb[],
  ctrlRange: [-1, 1],
  /** The floor: a plane from x = -2 to 198 m. */
  floor: { x: 98, halfSize: [100, 0.8, 0.5] },
  /** Steps with zero control at the start of an episode. */
  settleSteps: 200,
  /** The mjData arena: contacts use at most ~20 kB of it (measured, docs/dmc.md); not a physical fact. */
  arenaBytes: '256K',
} as const;

/** Our MJCF of the cheetah. */
export function cheetahXml(): string {
  const c = CHEETAH;
  // A leg is a chain: each limb's body nests in the previous one's.
  const chain = (limbs: readonly CheetahLimb[], indent: string): string => {
    const [limb, ...rest] = limbs;
    if (limb === undefined) return '';
    return `
${indent}<body name="${limb.name}" pos="${limb.pos[0]} 0 ${limb.pos[1]}">
${indent}  <joint name="${limb.name}" range="${limb.range.join(' ')}" stiffness="${limb.stiffness}" damping="${limb.damping}"/>
${indent}  <geom name="${limb.name}" pos="${limb.geomPos[0]} 0 ${limb.geomPos[1]}" euler="0 ${limb.pitch} 0" size="${c.radius} ${limb.halfLength}"/>${chain(rest, `${indent}  `)}
${indent}</body>`;
  };
  const motors = [...c.back, ...c.front].map((l) => `<motor name="${l.name}" joint="${l.name}" gear="${l.gear}"/>`);
  return `<mujoco model="dmc-cheetah">
  <compiler settotalmass="${c.totalMass}"/>
  <option timestep="${c.timestep}" integrator="${c.integrator}"/>
  <size memory="${c.arenaBytes}"/>
  <statistic center="0 0 .7" extent="2"/>
  <visual><headlight ambient=".4 .4 .4" diffuse=".8 .8 .8" specular=".1 .1 .1"/><map znear=".01"/></visual>
  <default>
    <motor ctrllimited="true" ctrlrange="${c.ctrlRange.join(' ')}"/>
    <default class="leg">
      <!-- the leg joints' damping and stiffness are set per joint; these are the defaults the roots undo -->
      <joint type="hinge" axis="0 1 0" limited="true" armature="${c.armature}" damping=".01" stiffness="8"/>
      <geom type="capsule" contype="1" conaffinity="1" condim="3" friction="${c.friction.join(' ')}" rgba=".7 .5 .3 1"/>
    </default>
    <default class="root">
      <joint limited="false" damping="0" armature="0" stiffness="0"/>
    </default>
  </default>
  <worldbody>
    <geom name="ground" type="plane" conaffinity="1" pos="${c.floor.x} 0 0" size="${c.floor.halfSize.join(' ')}" rgba=".15 .25 .35 1"/>
    <body name="torso" pos="0 0 ${c.torsoHeight}" childclass="leg">
      <light name="light" pos="0 0 2" mode="trackcom"/>
      <camera name="side" pos="0 -3 0" quat="0.707 0.707 0 0" mode="trackcom"/>
      <camera name="back" pos="-1.8 -1.3 0.8" xyaxes="0.45 -0.9 0 0.3 0.15 0.94" mode="trackcom"/>
      <joint name="rootx" type="slide" axis="1 0 0" class="root"/>
      <joint name="rootz" type="slide" axis="0 0 1" class="root"/>
      <joint name="rooty" type="hinge" axis="0 1 0" class="root"/>
      <geom name="torso" fromto="${-c.torsoHalfLength} 0 0 ${c.torsoHalfLength} 0 0" size="${c.radius}"/>
      <geom name="head" pos="${c.head.pos[0]} 0 ${c.head.pos[1]}" euler="0 ${c.head.pitch} 0" size="${c.radius} ${c.head.halfLength}"/>${chain(c.back, '      ')}${chain(c.front, '      ')}
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

const RUN_SPEED = 10;

export class CheetahRunTask implements DmcTask {
  readonly domain = 'cheetah';
  readonly task = 'run';
  readonly xml = cheetahXml();
  readonly nSubsteps = CHEETAH.nSubsteps;
  readonly observationLayout = [['position', 8], ['velocity', 9]] as const;

  initializeEpisode(physics: Physics, rng: RandomGenerator): void {
    // dm_control's reset ran mj_forward at the model's rest pose before the task sets its state; the first of the
    // settling steps (mj_step2) starts from those derived quantities, so we do the same.
    physics.forward();
    const range = physics.model.jnt_range as Float64Array;
    const qposAdr = physics.model.jnt_qposadr as Int32Array;
    for (let j = 0; j < physics.model.njnt; j++) {
      const [lo, hi] = [range[2 * j] as number, range[2 * j + 1] as number];
      // Limited joints are those with a range (joint-randomizer.ts's isLimited says why); the roots have none.
      if (lo < hi) physics.qpos[qposAdr[j] as number] = rng.uniform(lo, hi, 1)[0] as number;
    }
    physics.step(CHEETAH.settleSteps);
    physics.data.time = 0;
  }

  observation(physics: Physics): DmcObservation {
    return { position: physics.qpos.slice(1), velocity: physics.qvel.slice() };
  }

  reward(physics: Physics): number {
    return cheetahReward(physics.named.sensordata('torso_subtreelinvel')[0] as number);
  }
}

/** The run reward from the centre of mass's x velocity (m/s). */
export function cheetahReward(speed: number): number {
  return tolerance(speed, { bounds: [RUN_SPEED, Infinity], margin: RUN_SPEED, valueAtMargin: 0, sigmoid: 'linear' });
}
