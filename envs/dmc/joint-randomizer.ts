/**
 * The starting-pose randomiser most DMC tasks share (dm_control `suite/utils/randomizers.py`,
 * `randomize_limited_and_rotational_joints`), and the retry-until-nothing-touches loop built on it.
 *
 * Joint by joint in model order: a limited hinge or slide ~ U(range); an unlimited hinge ~ U(-π, π); an
 * unlimited ball joint a uniform unit quaternion; a limited ball joint a random axis turned by U(0, limit); a free
 * joint keeps its position and gets a normalised U(0, 1)^4 quaternion. Unlimited slides stay where they are.
 * The draws come in that order from the env's `npRandom`, so a seed reproduces the pose.
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import { EnvError } from '../../src/util/errors.js';
import type { Physics } from './physics.js';

/** MuJoCo's mjtJoint values. */
const FREE = 0;
const BALL = 1;
const SLIDE = 2;
const HINGE = 3;

const draw = (rng: RandomGenerator, lo: number, hi: number): number => rng.uniform(lo, hi, 1)[0] as number;

function normalised(v: Float64Array): Float64Array {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Writes a random pose into `physics.qpos` (velocities untouched). */
export function randomizeLimitedAndRotationalJoints(physics: Physics, rng: RandomGenerator): void {
  const m = physics.model;
  const types = m.jnt_type as Int32Array;
  const range = m.jnt_range as Float64Array;
  const adrs = m.jnt_qposadr as Int32Array;
  for (let j = 0; j < m.njnt; j++) {
    const type = types[j] as number;
    const adr = adrs[j] as number;
    const [lo, hi] = [range[2 * j] as number, range[2 * j + 1] as number];
    if (isLimited(lo, hi)) {
      if (type === HINGE || type === SLIDE) physics.qpos[adr] = draw(rng, lo, hi);
      else if (type === BALL) physics.qpos.set(limitedQuaternion(rng, hi), adr);
    } else if (type === HINGE) {
      physics.qpos[adr] = draw(rng, -Math.PI, Math.PI);
    } else if (type === BALL) {
      physics.qpos.set(normalised(rng.normal(0, 1, 4)), adr);
    } else if (type === FREE) {
      physics.qpos.set(normalised(rng.random(4)), adr + 3);
    }
  }
}

/**
 * Whether a joint is limited, from its range: the wasm build cannot read the model's `jnt_limited` (embind has no
 * binding for bool arrays), and MuJoCo's compiler (autolimits) limits a joint exactly when its MJCF gives a range,
 * which it otherwise leaves at [0, 0]. A model that gives a range with limited="false" would be misread; none of
 * ours does (test/envs/dmc/joint-randomizer.test.ts checks each against MuJoCo's active limit constraints).
 */
export function isLimited(lo: number, hi: number): boolean {
  return lo !== 0 || hi !== 0;
}

/** A unit quaternion turning by U(0, limit) about a uniformly random axis (MuJoCo's axis-angle convention). */
function limitedQuaternion(rng: RandomGenerator, limit: number): Float64Array {
  const axis = normalised(rng.normal(0, 1, 3));
  const angle = (rng.random(1)[0] as number) * limit;
  if (angle === 0) return Float64Array.of(1, 0, 0, 0);
  const s = Math.sin(angle / 2);
  return Float64Array.of(Math.cos(angle / 2), (axis[0] as number) * s, (axis[1] as number) * s, (axis[2] as number) * s);
}

/**
 * Redraws `draw` until the pose has no contacts after mj_forward (dm_control's collision-free starts), at most
 * `maxAttempts` times; throws an EnvError naming the task when every attempt touches.
 */
export function drawUntilNoContact(physics: Physics, what: string, draw: () => void, maxAttempts = 1000): void {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    draw();
    physics.forward();
    if (physics.data.ncon === 0) return;
  }
  throw new EnvError(`${what}: no collision-free starting state in ${maxAttempts} attempts; the model's geoms overlap in every drawn pose (check the joint ranges and geom sizes).`);
}
