/**
 * dm_control's `randomize_limited_and_rotational_joints` (suite/utils/randomizers.py) for models of hinges and
 * slides: in joint order, a limited hinge or slide gets a position uniform in its range, an unlimited hinge one
 * uniform in [-π, π]; unlimited slides (the planar walkers' root x and z) are left alone. One uniform draw per
 * joint, in that order, from the env's generator.
 *
 * MuJoCo's wasm build cannot read `jnt_limited` (its boolean view has no binding), so a joint counts as limited
 * when its range is non-empty: MuJoCo refuses a limited joint whose range is empty, and our models give unlimited
 * joints no range (the parity tests check jnt_range against dm_control's files).
 */
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import { EnvError } from '../../src/util/errors.js';
import type { Physics } from './physics.js';

/** MuJoCo's mjtJoint values. */
const FREE = 0;
const BALL = 1;
const SLIDE = 2;
const HINGE = 3;

export function randomizeLimitedAndRotationalJoints(physics: Physics, rng: RandomGenerator): void {
  const model = physics.model;
  const types = model.jnt_type as Int32Array;
  const range = model.jnt_range as Float64Array;
  const qposAdr = model.jnt_qposadr as Int32Array;
  const qpos = physics.qpos;
  for (let j = 0; j < model.njnt; j++) {
    const type = types[j] as number;
    if (type === FREE || type === BALL) {
      throw new EnvError(`randomizeLimitedAndRotationalJoints: joint ${j} is a ${type === FREE ? 'free' : 'ball'} joint; only hinges and slides are supported (the planar DMC domains have no others).`);
    }
    const adr = qposAdr[j] as number;
    const [lo, hi] = [range[2 * j] as number, range[2 * j + 1] as number];
    if (lo < hi) qpos[adr] = rng.uniform(lo, hi, 1)[0] as number;
    else if (type === HINGE) qpos[adr] = rng.uniform(-Math.PI, Math.PI, 1)[0] as number;
    else if (type !== SLIDE) throw new EnvError(`randomizeLimitedAndRotationalJoints: joint ${j} has an unknown type ${type}.`);
  }
}
