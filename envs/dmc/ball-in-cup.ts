/**
 * DMC's ball_in_cup domain, our own model of it, and its `catch` task (dm_control `suite/ball_in_cup.py`).
 *
 * ## Description
 * A cup hangs 0.6 m above the floor on two slide joints (x and z), each a spring (20 N/m) with damping (3 N·s/m),
 * driven by two motors. Its wall is five 8 mm capsules in the x-z plane: a 10 cm wide, 10 cm deep cup with a
 * bevelled bottom. A 2.5 cm ball on its own x and z slides is tied to the cup's bottom by a 0.3 m string (a
 * spatial tendon limited to [0, 0.3]). The task is to swing the ball up and catch it in the cup.
 *
 * ## Action Space
 * `Box(-1, 1, (2,), float64)`: the cup's x and z motors (gear 5, so at most 5 N each).
 *
 * ## Observation Space
 * `Dict(position: (4,), velocity: (4,))`, float64: qpos and qvel [cup x, cup z, ball x, ball z].
 *
 * ## Rewards
 * Sparse: 1 while the ball's centre is inside the cup's target box (half-sizes 5 cm in x and z, centred 5 cm
 * under the cup's rim) by more than the ball's radius in both x and z, i.e. |dx|, |dz| < 2.5 cm; else 0.
 *
 * ## Starting State
 * The cup at rest at its spring's centre; the ball at rest at x ~ U(-0.2, 0.2), z ~ U(0.2, 0.5) (above its body's
 * 0.2 m), redrawn until it touches nothing (dm_control redraws forever; we give up after 1000 draws with an error).
 * Drawn from `npRandom`.
 *
 * ## Episode End
 * Never terminates; the registry truncates at 1000 control steps (20 s at 0.02 s, 10 physics steps of 2 ms each).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import { drawUntilNoContact } from './joint-randomizer.js';
import type { Physics } from './physics.js';
import type { DmcObservation, DmcTask } from './task.js';

/** The physical facts of dm_control's ball_in_cup. */
export const BALL_IN_CUP = {
  /** MuJoCo's default timestep; the task acts every 0.02 s. */
  timestep: 0.002,
  integrator: 'Euler',
  cupHeight: 0.6,
  cupJointStiffness: 20,
  cupJointDamping: 3,
  cupWallRadius: 0.008,
  /** The cup's wall in the x-z plane, relative to the cup's frame: rim, bevel, bottom, bevel, rim. */
  cupOutline: [[-0.05, 0], [-0.05, -0.075], [-0.025, -0.1], [0.025, -0.1], [0.05, -0.075], [0.05, 0]],
  /** Where the string is tied, under the cup's bottom. */
  cupSiteZ: -0.108,
  /** The region the ball must be in: a box centred 5 cm below the rim, half-sizes (x, y, z). */
  targetCentreZ: -0.05,
  targetHalfSize: [0.05, 0.006, 0.05],
  ballHeight: 0.2,
  ballRadius: 0.025,
  stringLength: 0.3,
  stringWidth: 0.003,
  gear: 5,
  ctrlRange: [-1, 1],
  /** The ball's start, relative to its body: x ~ U(range), z ~ U(range). */
  ballStartX: [-0.2, 0.2],
  ballStartZ: [0.2, 0.5],
  /** 0.02 s control step / 0.002 s physics step. */
  nSubsteps: 10,
  /** The mjData arena; not a physical fact (see docs/dmc.md). */
  arenaBytes: '256K',
} as const;

const num = (xs: readonly number[]): string => xs.join(' ');

/** Our MJCF of the ball in cup (gravity on, contacts on: the ball hits the cup and the floor). */
export function ballInCupXml(): string {
  const b = BALL_IN_CUP;
  const cupSlide = (name: string, axis: string): string =>
    `<joint name="${name}" type="slide" axis="${axis}" stiffness="${b.cupJointStiffness}" damping="${b.cupJointDamping}"/>`;
  const wall = b.cupOutline.slice(1).map(([x, z], i) => {
    const [x0, z0] = b.cupOutline[i] as readonly [number, number];
    return `<geom name="cup_part_${i}" type="capsule" fromto="${x0} 0 ${z0} ${x} 0 ${z}" size="${b.cupWallRadius}" rgba=".7 .5 .3 1"/>`;
  });
  const motor = (name: string, joint: string): string =>
    `<motor name="${name}" joint="${joint}" gear="${b.gear}" ctrllimited="true" ctrlrange="${num(b.ctrlRange)}"/>`;
  return `<mujoco model="dmc-ball-in-cup">
  <option timestep="${b.timestep}" integrator="${b.integrator}"/>
  <size memory="${b.arenaBytes}"/>
  <visual><headlight ambient=".4 .4 .4" diffuse=".8 .8 .8" specular=".1 .1 .1"/></visual>
  <worldbody>
    <light name="light" directional="true" pos="0 0 2" diffuse=".6 .6 .6" specular=".3 .3 .3"/>
    <geom name="ground" type="plane" size=".6 .2 10" rgba=".15 .25 .35 1"/>
    <camera name="cam0" pos="0 -1 .8" xyaxes="1 0 0 0 1 2"/>
    <camera name="cam1" pos="0 -1 .4" xyaxes="1 0 0 0 0 1"/>
    <body name="cup" pos="0 0 ${b.cupHeight}">
      ${cupSlide('cup_x', '1 0 0')}
      ${cupSlide('cup_z', '0 0 1')}
      ${wall.join('\n      ')}
      <site name="cup" pos="0 0 ${b.cupSiteZ}" size=".005"/>
      <site name="target" type="box" pos="0 0 ${b.targetCentreZ}" size="${num(b.targetHalfSize)}" group="4"/>
    </body>
    <body name="ball" pos="0 0 ${b.ballHeight}">
      <joint name="ball_x" type="slide" axis="1 0 0"/>
      <joint name="ball_z" type="slide" axis="0 0 1"/>
      <geom name="ball" type="sphere" size="${b.ballRadius}" rgba=".7 .4 .2 1"/>
      <site name="ball" size=".005"/>
    </body>
  </worldbody>
  <tendon>
    <spatial name="string" limited="true" range="0 ${b.stringLength}" width="${b.stringWidth}">
      <site site="ball"/>
      <site site="cup"/>
    </spatial>
  </tendon>
  <actuator>
    ${motor('x', 'cup_x')}
    ${motor('z', 'cup_z')}
  </actuator>
</mujoco>
`;
}

export class BallInCupCatchTask implements DmcTask {
  readonly domain = 'ball_in_cup';
  readonly task = 'catch';
  readonly xml = ballInCupXml();
  readonly nSubsteps = BALL_IN_CUP.nSubsteps;
  readonly observationLayout = [['position', 4], ['velocity', 4]] as const;

  initializeEpisode(physics: Physics, rng: RandomGenerator): void {
    const [x0, x1] = BALL_IN_CUP.ballStartX;
    const [z0, z1] = BALL_IN_CUP.ballStartZ;
    drawUntilNoContact(physics, 'dm_control/ball_in_cup-catch-v0', () => {
      physics.named.qpos('ball_x')[0] = rng.uniform(x0, x1, 1)[0] as number;
      physics.named.qpos('ball_z')[0] = rng.uniform(z0, z1, 1)[0] as number;
    });
  }

  observation(physics: Physics): DmcObservation {
    return { position: physics.qpos.slice(), velocity: physics.qvel.slice() };
  }

  reward(physics: Physics): number {
    const target = physics.named.siteXpos('target');
    const ball = physics.named.xpos('ball');
    const size = physics.modelArray('site_size');
    const t = 3 * physics.id('site', 'target');
    return ballInCupReward(
      [(target[0] as number) - (ball[0] as number), (target[2] as number) - (ball[2] as number)],
      [size[t] as number, size[t + 2] as number],
      physics.modelArray('geom_size')[3 * physics.id('geom', 'ball')] as number,
    );
  }
}

/** 1 when the ball (centre offset [dx, dz] from the target's centre) is inside the target box by its radius. */
export function ballInCupReward(ballToTarget: readonly [number, number], targetHalfSize: readonly [number, number], ballRadius: number): number {
  return Math.abs(ballToTarget[0]) < targetHalfSize[0] - ballRadius && Math.abs(ballToTarget[1]) < targetHalfSize[1] - ballRadius ? 1 : 0;
}
