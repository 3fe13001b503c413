/**
 * DMC's reacher domain, our own model of it, and its `easy` and `hard` tasks (dm_control `suite/reacher.py`).
 *
 * ## Description
 * A planar two-link arm lying 1 cm above a 0.6 m square arena: a 12 cm upper arm on a free-turning shoulder and a
 * 10 cm forearm on a wrist limited to ±160°, both capsules of radius 1 cm, with a 1 cm fingertip sphere 12 cm past
 * the wrist; gravity points into the floor, so it does not act on the hinges. The task is to put the fingertip
 * inside a target sphere that is somewhere new each episode. The tasks differ only in the target's radius: 5 cm
 * (easy) or 1.5 cm (hard).
 *
 * ## Action Space
 * `Box(-1, 1, (2,), float64)`: shoulder and wrist motors (gear 0.05, so at most 0.05 N·m each).
 *
 * ## Observation Space
 * `Dict(position: (2,), to_target: (3,), velocity: (2,))`, float64: position = [shoulder, wrist] angles;
 * to_target = target centre − fingertip centre (world x, y, z; z is 0); velocity = the two angular velocities.
 *
 * ## Rewards
 * Sparse: 1 while the fingertip-to-target distance is at most the target's radius + the fingertip's (1 cm),
 * else 0 (tolerance with margin 0).
 *
 * ## Starting State
 * Shoulder ~ U(-π, π), wrist ~ U(-160°, 160°), at rest; then the target at angle a ~ U(0, 2π) and radius
 * r ~ U(0.05, 0.2) m from the shoulder, at (r sin a, r cos a). Drawn from `npRandom` in that order.
 *
 * ## Episode End
 * Never terminates; the registry truncates at 1000 control steps (20 s at 0.02 s).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import { randomizeLimitedAndRotationalJoints } from './joint-randomizer.js';
import type { Physics } from './physics.js';
import { tolerance } from './rewards.js';
import type { DmcObservation, DmcTask } from './task.js';

/** The physical facts of dm_control's reacher. */
export const REACHER = {
  timestep: 0.02,
  integrator: 'Euler',
  arenaHalfWidth: 0.3,
  /** The arm's plane above the floor. */
  height: 0.01,
  upperArmLength: 0.12,
  /** The forearm capsule is 10 cm; the fingertip sits 12 cm past the wrist. */
  forearmLength: 0.1,
  fingerOffset: 0.12,
  linkRadius: 0.01,
  fingerRadius: 0.01,
  /** The shoulder's housing, a world geom: a cylinder of radius 1.1 cm, 2 cm tall. */
  rootRadius: 0.011,
  rootHeight: 0.02,
  jointDamping: 0.01,
  /** Degrees, as MJCF writes joint ranges. */
  wristRangeDegrees: [-160, 160],
  gear: 0.05,
  ctrlRange: [-1, 1],
  /** The target's radius in the model; each task sets its own at reset. */
  modelTargetRadius: 0.05,
  targetRadius: { easy: 0.05, hard: 0.015 },
  /** The target's distance from the shoulder at reset: U(min, max). */
  targetDistance: [0.05, 0.2],
  nSubsteps: 1,
  /** The mjData arena; not a physical fact (see docs/dmc.md). */
  arenaBytes: '256K',
} as const;

const num = (xs: readonly number[]): string => xs.join(' ');

/** Our MJCF of the reacher: contacts off (the arm touches nothing it could), gravity along the hinge axes. */
export function reacherXml(): string {
  const r = REACHER;
  const w = r.arenaHalfWidth;
  const hinge = (name: string, limits = ''): string => `<joint name="${name}" type="hinge" axis="0 0 1" damping="${r.jointDamping}"${limits}/>`;
  const motor = (joint: string): string => `<motor name="${joint}" joint="${joint}" gear="${r.gear}" ctrllimited="true" ctrlrange="${num(r.ctrlRange)}"/>`;
  const wall = (name: string, pos: string, zaxis: string, size: string): string =>
    `<geom name="${name}" type="plane" pos="${pos}" zaxis="${zaxis}" size="${size}" rgba=".3 .5 .7 1"/>`;
  return `<mujoco model="dmc-reacher">
  <option timestep="${r.timestep}" integrator="${r.integrator}">
    <flag contact="disable"/>
  </option>
  <size memory="${r.arenaBytes}"/>
  <visual><headlight ambient=".4 .4 .4" diffuse=".8 .8 .8" specular=".1 .1 .1"/></visual>
  <worldbody>
    <light name="light" pos="0 0 1"/>
    <camera name="fixed" pos="0 0 .75"/>
    <geom name="ground" type="plane" size="${w} ${w} 10" rgba=".15 .25 .35 1"/>
    ${wall('wall_x', `${-w} 0 .02`, '1 0 0', `.02 ${w} .02`)}
    ${wall('wall_y', `0 ${-w} .02`, '0 1 0', `${w} .02 .02`)}
    ${wall('wall_neg_x', `${w} 0 .02`, '-1 0 0', `.02 ${w} .02`)}
    ${wall('wall_neg_y', `0 ${w} .02`, '0 -1 0', `${w} .02 .02`)}
    <geom name="root" type="cylinder" fromto="0 0 0 0 0 ${r.rootHeight}" size="${r.rootRadius}" rgba=".3 .5 .7 1"/>
    <body name="arm" pos="0 0 ${r.height}">
      ${hinge('shoulder')}
      <geom name="arm" type="capsule" fromto="0 0 0 ${r.upperArmLength} 0 0" size="${r.linkRadius}" rgba=".7 .5 .3 1"/>
      <body name="hand" pos="${r.upperArmLength} 0 0">
        ${hinge('wrist', ` limited="true" range="${num(r.wristRangeDegrees)}"`)}
        <geom name="hand" type="capsule" fromto="0 0 0 ${r.forearmLength} 0 0" size="${r.linkRadius}" rgba=".7 .5 .3 1"/>
        <body name="finger" pos="${r.fingerOffset} 0 0">
          <camera name="hand" pos="0 0 .2" mode="track"/>
          <geom name="finger" type="sphere" size="${r.fingerRadius}" rgba=".7 .4 .2 1"/>
        </body>
      </body>
    </body>
    <geom name="target" type="sphere" pos="0 0 ${r.height}" size="${r.modelTargetRadius}" rgba=".6 .3 .3 1"/>
  </worldbody>
  <actuator>
    ${motor('shoulder')}
    ${motor('wrist')}
  </actuator>
</mujoco>
`;
}

export type ReacherTaskName = 'easy' | 'hard';

export class ReacherTask implements DmcTask {
  readonly domain = 'reacher';
  readonly xml = reacherXml();
  readonly nSubsteps = REACHER.nSubsteps;
  readonly observationLayout = [['position', 2], ['to_target', 3], ['velocity', 2]] as const;
  readonly targetRadius: number;

  constructor(readonly task: ReacherTaskName) {
    this.targetRadius = REACHER.targetRadius[task];
  }

  initializeEpisode(physics: Physics, rng: RandomGenerator): void {
    // The target is a world geom: moving and resizing it is a change to the model, as in dm_control.
    const target = physics.id('geom', 'target');
    physics.modelArray('geom_size')[3 * target] = this.targetRadius;
    randomizeLimitedAndRotationalJoints(physics, rng);
    const angle = rng.uniform(0, 2 * Math.PI, 1)[0] as number;
    const [near, far] = REACHER.targetDistance;
    const radius = rng.uniform(near, far, 1)[0] as number;
    const pos = physics.modelArray('geom_pos');
    pos[3 * target] = radius * Math.sin(angle);
    pos[3 * target + 1] = radius * Math.cos(angle);
  }

  observation(physics: Physics): DmcObservation {
    return { position: physics.qpos.slice(), to_target: fingerToTarget(physics), velocity: physics.qvel.slice() };
  }

  reward(physics: Physics): number {
    const size = physics.modelArray('geom_size');
    const radii = (size[3 * physics.id('geom', 'target')] as number) + (size[3 * physics.id('geom', 'finger')] as number);
    return reacherReward(Math.hypot(...fingerToTarget(physics)), radii);
  }
}

/** Target centre − fingertip centre, world frame. */
function fingerToTarget(physics: Physics): Float64Array {
  const target = physics.named.geomXpos('target');
  const finger = physics.named.geomXpos('finger');
  return Float64Array.of((target[0] as number) - (finger[0] as number), (target[1] as number) - (finger[1] as number), (target[2] as number) - (finger[2] as number));
}

/** The reward from the fingertip-to-target distance and the two radii summed. */
export function reacherReward(distance: number, radii: number): number {
  return tolerance(distance, { bounds: [0, radii] });
}
