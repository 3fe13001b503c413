/**
 * DMC's finger domain, our own model of it, and its `spin`, `turn_easy` and `turn_hard` tasks (dm_control
 * `suite/finger.py`).
 *
 * ## Description
 * A planar two-link finger (x-z plane, no gravity) and, 0.4 m to its right, a free-turning spinner: two 4 cm
 * capsules side by side on a hinge with friction loss (0.1 N·m) and damping. The finger's proximal link (17 cm)
 * hangs from a hinge 0.4 m above the floor, its distal link (16 cm, with a fingertip capsule at its end) from the
 * proximal's end; both hinges are limited to ±110° and damped. The distal capsule itself touches nothing; its
 * fingertip and the proximal link do. Two touch sensors sit on either side of the fingertip.
 * Spin: turn the spinner fast (its hinge damping drops to 0.03). Turn: bring the spinner's tip (13 cm from its
 * hinge) into a target sphere on the tip's circle at a random angle; radius 7 cm (easy) or 3 cm (hard).
 *
 * ## Action Space
 * `Box(-1, 1, (2,), float64)`: proximal and distal motors (gear 30 and 15, N·m).
 *
 * ## Observation Space
 * spin: `Dict(position: (4,), velocity: (3,), touch: (2,))`; turn_*: those and `target_position: (2,)`,
 * `dist_to_target: (1,)`; float64, all from sensors: position = [proximal angle, distal angle, spinner tip x and z
 * relative to its hinge]; velocity = [proximal, distal, spinner] angular velocities; touch = log(1 + force) of the
 * top and bottom touch sensors; target_position = target centre (x, z) relative to the spinner's hinge;
 * dist_to_target = tip-to-target distance − target radius (negative inside).
 *
 * ## Rewards
 * spin: 1 while the spinner turns at −15 rad/s or faster (about −y), else 0. turn_*: 1 while dist_to_target <= 0,
 * else 0.
 *
 * ## Starting State
 * turn_*: first the target angle ~ U(-π, π) (0 is straight above the hinge). Both: proximal, distal ~ U(±110°),
 * spinner ~ U(-π, π), at rest, redrawn until nothing touches (at most 1000 draws, as dm_control).
 * Drawn from `npRandom` in that order.
 *
 * ## Episode End
 * Never terminates; the registry truncates at 1000 control steps (20 s at 0.02 s, two 0.01 s physics steps each).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import { drawUntilNoContact, randomizeLimitedAndRotationalJoints } from './joint-randomizer.js';
import type { Physics } from './physics.js';
import type { DmcObservation, DmcTask } from './task.js';

/** The physical facts of dm_control's finger. */
export const FINGER = {
  timestep: 0.01,
  integrator: 'Euler',
  cone: 'elliptic',
  solverIterations: 200,
  /** Every geom's contact softness: solimp (dmin dmax width) and solref (time constant, damping ratio). */
  solimp: [0, 0.9, 0.01],
  solref: [0.02, 1],
  /** The finger's hinges: about −y, damped, ±110° (degrees, as MJCF writes them); proximal's zero is 90° off. */
  fingerDamping: 2.5,
  fingerRangeDegrees: [-110, 110],
  proximalRefDegrees: -90,
  proximalPos: [-0.2, 0, 0.4],
  proximalLength: 0.17,
  proximalRadius: 0.03,
  /** The proximal hinge's housing: a cylinder across the hinge (radius 3.4 cm, 6.6 cm long), with mass. */
  housingRadius: 0.034,
  housingHalfLength: 0.033,
  distalOffset: 0.18,
  distalLength: 0.16,
  distalRadius: 0.028,
  /** The fingertip capsule, along the distal's end (z from −0.13 to −0.161), radius 3 cm. */
  fingertipZ: [-0.13, -0.161],
  fingertipRadius: 0.03,
  /** The touch sensors' sites: ellipsoids (semi-axes) 1 cm either side of the fingertip's axis at z −0.17. */
  touchSiteSize: [0.025, 0.03, 0.025],
  touchSiteX: 0.01,
  touchSiteZ: -0.17,
  spinnerPos: [0.2, 0, 0.4],
  spinnerFrictionLoss: 0.1,
  spinnerDamping: 0.5,
  /** Spin sets the spinner's damping to this. */
  spinDamping: 0.03,
  /** The spinner's two capsules: radius 4 cm, half-length 9 cm along z, 2 cm either side of the hinge. */
  spinnerCapsuleSize: [0.04, 0.09],
  spinnerCapsuleX: 0.02,
  spinnerTipZ: 0.13,
  spinnerTipRadius: 0.02,
  spinnerHousingRadius: 0.02,
  spinnerHousingHalfLength: 0.045,
  /** The target site in the model (turn tasks move and resize it). */
  modelTargetRadius: 0.03,
  gears: [30, 15],
  ctrlRange: [-1, 1],
  /** Spin's threshold (rad/s, about −y) and the turn tasks' target radii. */
  spinVelocity: 15,
  targetRadius: { turn_easy: 0.07, turn_hard: 0.03 },
  /** 0.02 s control step / 0.01 s physics step. */
  nSubsteps: 2,
  /** The mjData arena; not a physical fact (see docs/dmc.md). */
  arenaBytes: '256K',
} as const;

const num = (xs: readonly number[]): string => xs.join(' ');

/** Our MJCF of the finger. Gravity off; every geom gets the same contact softness. */
export function fingerXml(): string {
  const f = FINGER;
  const contact = `solimp="${num(f.solimp)}" solref="${num(f.solref)}"`;
  const fingerHinge = (name: string, ref = ''): string =>
    `<joint name="${name}" type="hinge" axis="0 -1 0" damping="${f.fingerDamping}" limited="true" range="${num(f.fingerRangeDegrees)}"${ref}/>`;
  const touchSite = (name: string, x: number): string =>
    `<site name="${name}" type="ellipsoid" pos="${x} 0 ${f.touchSiteZ}" size="${num(f.touchSiteSize)}" group="3" rgba=".5 .5 .5 .3"/>`;
  const [tip0, tip1] = f.fingertipZ;
  const [sx, sy, sz] = f.spinnerPos;
  const spinnerCapsule = (name: string, x: number): string =>
    `<geom name="${name}" type="capsule" pos="${x} 0 0" size="${num(f.spinnerCapsuleSize)}" ${contact} rgba=".7 .5 .3 1"/>`;
  return `<mujoco model="dmc-finger">
  <option timestep="${f.timestep}" integrator="${f.integrator}" cone="${f.cone}" iterations="${f.solverIterations}">
    <flag gravity="disable"/>
  </option>
  <size memory="${f.arenaBytes}"/>
  <visual><headlight ambient=".4 .4 .4" diffuse=".8 .8 .8" specular=".1 .1 .1"/></visual>
  <worldbody>
    <light name="light" directional="true" pos="0 0 2" diffuse=".6 .6 .6" specular=".3 .3 .3"/>
    <geom name="ground" type="plane" size=".6 .2 10" ${contact} rgba=".15 .25 .35 1"/>
    <camera name="cam0" pos="0 -1 .8" xyaxes="1 0 0 0 1 2"/>
    <camera name="cam1" pos="0 -1 .4" xyaxes="1 0 0 0 0 1"/>
    <body name="proximal" pos="${num(f.proximalPos)}">
      ${fingerHinge('proximal', ` ref="${f.proximalRefDegrees}"`)}
      <geom name="proximal_decoration" type="cylinder" fromto="0 ${-f.housingHalfLength} 0 0 ${f.housingHalfLength} 0" size="${f.housingRadius}" ${contact} rgba=".3 .5 .7 1"/>
      <geom name="proximal" type="capsule" fromto="0 0 0 0 0 ${-f.proximalLength}" size="${f.proximalRadius}" ${contact} rgba=".7 .5 .3 1"/>
      <body name="distal" pos="0 0 ${-f.distalOffset}">
        ${fingerHinge('distal')}
        <geom name="distal" type="capsule" fromto="0 0 0 0 0 ${-f.distalLength}" size="${f.distalRadius}" contype="0" conaffinity="0" ${contact} rgba=".7 .5 .3 1"/>
        <geom name="fingertip" type="capsule" fromto="0 0 ${tip0} 0 0 ${tip1}" size="${f.fingertipRadius}" ${contact} rgba=".7 .4 .2 1"/>
        ${touchSite('touchtop', f.touchSiteX)}
        ${touchSite('touchbottom', -f.touchSiteX)}
      </body>
    </body>
    <body name="spinner" pos="${sx} ${sy} ${sz}">
      <joint name="hinge" type="hinge" axis="0 -1 0" frictionloss="${f.spinnerFrictionLoss}" damping="${f.spinnerDamping}"/>
      ${spinnerCapsule('cap1', f.spinnerCapsuleX)}
      ${spinnerCapsule('cap2', -f.spinnerCapsuleX)}
      <site name="tip" type="sphere" pos="0 0 ${f.spinnerTipZ}" size="${f.spinnerTipRadius}" rgba=".6 .3 .3 1"/>
      <geom name="spinner_decoration" type="cylinder" fromto="0 ${-f.spinnerHousingHalfLength} 0 0 ${f.spinnerHousingHalfLength} 0" size="${f.spinnerHousingRadius}" ${contact} rgba=".3 .5 .7 1"/>
    </body>
    <site name="target" type="sphere" pos="0 0 ${sz}" size="${f.modelTargetRadius}" rgba=".6 .3 .3 1"/>
  </worldbody>
  <actuator>
    <motor name="proximal" joint="proximal" gear="${f.gears[0]}" ctrllimited="true" ctrlrange="${num(f.ctrlRange)}"/>
    <motor name="distal" joint="distal" gear="${f.gears[1]}" ctrllimited="true" ctrlrange="${num(f.ctrlRange)}"/>
  </actuator>
  <!-- The tasks observe only sensors. -->
  <sensor>
    <jointpos name="proximal" joint="proximal"/>
    <jointpos name="distal" joint="distal"/>
    <jointvel name="proximal_velocity" joint="proximal"/>
    <jointvel name="distal_velocity" joint="distal"/>
    <jointvel name="hinge_velocity" joint="hinge"/>
    <framepos name="tip" objtype="site" objname="tip"/>
    <framepos name="target" objtype="site" objname="target"/>
    <framepos name="spinner" objtype="xbody" objname="spinner"/>
    <touch name="touchtop" site="touchtop"/>
    <touch name="touchbottom" site="touchbottom"/>
    <framepos name="touchtop_pos" objtype="site" objname="touchtop"/>
    <framepos name="touchbottom_pos" objtype="site" objname="touchbottom"/>
  </sensor>
</mujoco>
`;
}

export type FingerTaskName = 'spin' | 'turn_easy' | 'turn_hard';

/** The layout every finger task observes; the turn tasks append the target's. */
const COMMON_LAYOUT = [['position', 4], ['velocity', 3], ['touch', 2]] as const;

export class FingerTask implements DmcTask {
  readonly domain = 'finger';
  readonly xml = fingerXml();
  readonly nSubsteps = FINGER.nSubsteps;
  readonly observationLayout: ReadonlyArray<readonly [string, number]>;
  readonly turn: boolean;

  constructor(readonly task: FingerTaskName) {
    this.turn = task !== 'spin';
    this.observationLayout = this.turn ? [...COMMON_LAYOUT, ['target_position', 2], ['dist_to_target', 1]] : COMMON_LAYOUT;
  }

  initializeEpisode(physics: Physics, rng: RandomGenerator): void {
    const model = physics.model;
    if (this.task === 'spin') {
      // Spin hides the target and the tip and lets the spinner turn more freely.
      const rgba = model.site_rgba as Float32Array;
      rgba[4 * physics.id('site', 'target') + 3] = 0;
      rgba[4 * physics.id('site', 'tip') + 3] = 0;
      (model.dof_damping as Float64Array)[(model.jnt_dofadr as Int32Array)[physics.id('joint', 'hinge')] as number] = FINGER.spinDamping;
    } else {
      const angle = rng.uniform(-Math.PI, Math.PI, 1)[0] as number;
      // The target sits on the circle the spinner's tip sweeps: radius = cap1's radius + half-length. The hinge's
      // anchor needs the kinematics, which mj_resetData cleared (dm_control's reset runs mj_forward before this).
      physics.forward();
      const hinge = physics.id('joint', 'hinge');
      const xanchor = physics.data.xanchor as Float64Array;
      const [hx, hz] = [xanchor[3 * hinge] as number, xanchor[3 * hinge + 2] as number];
      const cap = model.geom_size as Float64Array;
      const c = 3 * physics.id('geom', 'cap1');
      const radius = (cap[c] as number) + (cap[c + 1] as number) + (cap[c + 2] as number);
      const target = physics.id('site', 'target');
      const pos = model.site_pos as Float64Array;
      pos[3 * target] = hx + radius * Math.sin(angle);
      pos[3 * target + 2] = hz + radius * Math.cos(angle);
      (model.site_size as Float64Array)[3 * target] = FINGER.targetRadius[this.task];
    }
    drawUntilNoContact(physics, `dm_control/finger-${this.task}-v0`, () => randomizeLimitedAndRotationalJoints(physics, rng));
  }

  observation(physics: Physics): DmcObservation {
    const sensor = physics.named.sensordata;
    const position = Float64Array.of(sensor('proximal')[0] as number, sensor('distal')[0] as number, ...tipPosition(physics));
    const velocity = Float64Array.of(sensor('proximal_velocity')[0] as number, sensor('distal_velocity')[0] as number, sensor('hinge_velocity')[0] as number);
    const touch = Float64Array.of(Math.log1p(sensor('touchtop')[0] as number), Math.log1p(sensor('touchbottom')[0] as number));
    if (!this.turn) return { position, velocity, touch };
    return { position, velocity, touch, target_position: targetPosition(physics), dist_to_target: Float64Array.of(distToTarget(physics)) };
  }

  reward(physics: Physics): number {
    return this.turn ? fingerTurnReward(distToTarget(physics)) : fingerSpinReward(physics.named.sensordata('hinge_velocity')[0] as number);
  }
}

/** A frame-position sensor's (x, z) relative to the spinner's hinge (its body frame's origin). */
function relativeToSpinner(physics: Physics, sensor: string): [number, number] {
  const p = physics.named.sensordata(sensor);
  const s = physics.named.sensordata('spinner');
  return [(p[0] as number) - (s[0] as number), (p[2] as number) - (s[2] as number)];
}

function tipPosition(physics: Physics): [number, number] {
  return relativeToSpinner(physics, 'tip');
}

function targetPosition(physics: Physics): Float64Array {
  return Float64Array.from(relativeToSpinner(physics, 'target'));
}

/** Tip-to-target distance − the target's radius: negative inside. */
function distToTarget(physics: Physics): number {
  const [tx, tz] = relativeToSpinner(physics, 'target');
  const [px, pz] = tipPosition(physics);
  return Math.hypot(tx - px, tz - pz) - (physics.modelArray('site_size')[3 * physics.id('site', 'target')] as number);
}

/** Spin's reward from the spinner's angular velocity (about −y). */
export function fingerSpinReward(hingeVelocity: number): number {
  return hingeVelocity <= -FINGER.spinVelocity ? 1 : 0;
}

/** The turn tasks' reward from the signed tip-to-target-surface distance. */
export function fingerTurnReward(distToTarget: number): number {
  return distToTarget <= 0 ? 1 : 0;
}
