/**
 * DMC's point_mass domain, our own model of it, and its `easy` task (dm_control `suite/point_mass.py`).
 *
 * ## Description
 * A 0.3 kg ball (radius 1 cm) slides in a 0.6 m square arena on two damped, limited slide joints (x and y, each
 * ±0.29 m); two motors push it along x and y through fixed tendons. The target sits at the arena's centre.
 *
 * ## Action Space
 * `Box(-1, 1, (2,), float64)`: the x and y motors (gear 0.1, so at most 0.1 N each).
 *
 * ## Observation Space
 * `Dict(position: (2,), velocity: (2,))`, float64: qpos and qvel (x, y).
 *
 * ## Rewards
 * near target · small control: near target = tolerance(distance to the target, bounds [0, 0.015], margin 0.015)
 * (the target's radius), small control = (4 + mean of tolerance(u_i, margin 1, quadratic, value 0)) / 5.
 *
 * ## Starting State
 * x, y ~ U(-0.29, 0.29) each (dm_control randomises every limited joint within its range), at rest.
 *
 * ## Episode End
 * Never terminates; the registry truncates at 1000 control steps (20 s at 0.02 s).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import type { Physics } from './physics.js';
import { tolerance } from './rewards.js';
import type { DmcObservation, DmcTask } from './task.js';

/** The physical facts of dm_control's point_mass. */
export const POINT_MASS = {
  timestep: 0.02,
  integrator: 'Euler',
  mass: 0.3,
  radius: 0.01,
  height: 0.01,
  jointRange: [-0.29, 0.29],
  jointDamping: 1,
  gear: 0.1,
  ctrlRange: [-1, 1],
  /** The arena's half-width and the target's radius. */
  arenaHalfWidth: 0.3,
  targetRadius: 0.015,
  nSubsteps: 1,
  /** The mjData arena; not a physical fact (see docs/dmc.md). */
  arenaBytes: '256K',
} as const;

/** Our MJCF of the point mass. */
export function pointMassXml(): string {
  const p = POINT_MASS;
  const w = p.arenaHalfWidth;
  const slide = (name: string, axis: string): string =>
    `<joint name="${name}" type="slide" axis="${axis}" limited="true" range="${p.jointRange.join(' ')}" damping="${p.jointDamping}"/>`;
  const motor = (tendon: string): string =>
    `<motor name="${tendon}" tendon="${tendon}" gear="${p.gear}" ctrllimited="true" ctrlrange="${p.ctrlRange.join(' ')}"/>`;
  return `<mujoco model="dmc-point-mass">
  <option timestep="${p.timestep}" integrator="${p.integrator}">
    <flag contact="disable"/>
  </option>
  <size memory="${p.arenaBytes}"/>
  <visual><headlight ambient=".4 .4 .4" diffuse=".8 .8 .8" specular=".1 .1 .1"/></visual>
  <worldbody>
    <light name="top" pos="0 0 1"/>
    <camera name="fixed" pos="0 0 .75"/>
    <geom name="ground" type="plane" size="${w} ${w} 0.1" rgba=".15 .25 .35 1"/>
    <geom name="wall_x" type="plane" pos="${-w} 0 .02" zaxis="1 0 0" size=".02 ${w} .02" rgba=".3 .5 .7 1"/>
    <geom name="wall_y" type="plane" pos="0 ${-w} .02" zaxis="0 1 0" size="${w} .02 .02" rgba=".3 .5 .7 1"/>
    <geom name="wall_neg_x" type="plane" pos="${w} 0 .02" zaxis="-1 0 0" size=".02 ${w} .02" rgba=".3 .5 .7 1"/>
    <geom name="wall_neg_y" type="plane" pos="0 ${w} .02" zaxis="0 -1 0" size="${w} .02 .02" rgba=".3 .5 .7 1"/>
    <body name="pointmass" pos="0 0 ${p.height}">
      <camera name="cam0" pos="0 -0.3 0.3" xyaxes="1 0 0 0 0.7 0.7"/>
      ${slide('root_x', '1 0 0')}
      ${slide('root_y', '0 1 0')}
      <geom name="pointmass" type="sphere" size="${p.radius}" mass="${p.mass}" rgba=".7 .5 .3 1"/>
    </body>
    <geom name="target" type="sphere" pos="0 0 ${p.height}" size="${p.targetRadius}" rgba=".6 .3 .3 1"/>
  </worldbody>
  <tendon>
    <fixed name="t1"><joint joint="root_x" coef="1"/><joint joint="root_y" coef="0"/></fixed>
    <fixed name="t2"><joint joint="root_x" coef="0"/><joint joint="root_y" coef="1"/></fixed>
  </tendon>
  <actuator>
    ${motor('t1')}
    ${motor('t2')}
  </actuator>
</mujoco>
`;
}

export class PointMassEasyTask implements DmcTask {
  readonly domain = 'point_mass';
  readonly task = 'easy';
  readonly xml = pointMassXml();
  readonly nSubsteps = POINT_MASS.nSubsteps;
  readonly observationLayout = [['position', 2], ['velocity', 2]] as const;

  initializeEpisode(physics: Physics, rng: RandomGenerator): void {
    const [lo, hi] = POINT_MASS.jointRange;
    // dm_control draws each limited joint's position in joint order, one uniform at a time.
    physics.qpos[0] = rng.uniform(lo, hi, 1)[0] as number;
    physics.qpos[1] = rng.uniform(lo, hi, 1)[0] as number;
  }

  observation(physics: Physics): DmcObservation {
    return { position: physics.qpos.slice(), velocity: physics.qvel.slice() };
  }

  reward(physics: Physics): number {
    const target = physics.named.geomXpos('target');
    const mass = physics.named.geomXpos('pointmass');
    const distance = Math.hypot((target[0] as number) - (mass[0] as number), (target[1] as number) - (mass[1] as number), (target[2] as number) - (mass[2] as number));
    return pointMassReward(distance, physics.ctrl);
  }
}

/** The task's reward from the mass-to-target distance and the controls. */
export function pointMassReward(distance: number, control: ArrayLike<number>): number {
  const r = POINT_MASS.targetRadius;
  const nearTarget = tolerance(distance, { bounds: [0, r], margin: r });
  let sum = 0;
  for (let i = 0; i < control.length; i++) sum += tolerance(control[i] as number, { margin: 1, valueAtMargin: 0, sigmoid: 'quadratic' });
  return nearTarget * ((4 + sum / control.length) / 5);
}
