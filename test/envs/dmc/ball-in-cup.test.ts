import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { BALL_IN_CUP, BallInCupCatchTask, ballInCupReward, ballInCupXml } from '../../../envs/dmc/ball-in-cup.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { Physics } from '../../../envs/dmc/physics.js';
import { makeAsync } from '../../../src/env/make.js';
import { seedingNpRandom } from '../../../src/env/seeding.js';
import { expectParity, referenceMissing, referenceModel } from './reference-models.js';

if (referenceMissing) console.log(referenceMissing);

describe('ball_in_cup-catch reward at hand-computed states', () => {
  const half = [0.05, 0.05] as const;
  const r = 0.025;

  it('is 1 strictly inside the target box shrunk by the ball\'s radius (|dx|, |dz| < 0.025), else 0', () => {
    expect(ballInCupReward([0, 0], half, r)).toBe(1);
    expect(ballInCupReward([0.0249, -0.0249], half, r)).toBe(1);
    expect(ballInCupReward([0.025, 0], half, r)).toBe(0); // on the bound: dm_control's comparison is strict
    expect(ballInCupReward([0, -0.0251], half, r)).toBe(0);
    expect(ballInCupReward([0.3, 0.2], half, r)).toBe(0);
  });
});

describe('the ball_in_cup env', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('is registered with 1000 steps of 0.02 s; 2 actions in [-1, 1]; observes qpos and qvel (4 each)', async () => {
    const made = await makeAsync('dm_control/ball_in_cup-catch-v0');
    expect(made.spec?.maxEpisodeSteps).toBe(1000);
    made.close();
    const env = new DmcEnv(new BallInCupCatchTask());
    try {
      expect(Object.entries(env.observationSpace.spaces).map(([k, s]) => [k, s.shape])).toEqual([['position', [4]], ['velocity', [4]]]);
      expect(Array.from(env.actionSpace.low)).toEqual([-1, -1]);
      expect(env.controlTimestep).toBeCloseTo(0.02, 15);
      const { obs } = env.reset({ seed: 0 });
      expect(Array.from(obs.position ?? [])).toEqual(Array.from(env.physics.qpos));
      expect(Array.from(obs.velocity ?? [])).toEqual([0, 0, 0, 0]);
      expect(env.step([0, 0]).info.time).toBeCloseTo(0.02, 12);
    } finally {
      env.close();
    }
  });

  it('starts the ball at the first drawn (x, z) that touches nothing; the cup at rest at 0; reproducible per seed', () => {
    const env = new DmcEnv(new BallInCupCatchTask());
    const probe = Physics.fromXml(ballInCupXml());
    const touches = (x: number, z: number): boolean => {
      probe.qpos.set([0, 0, x, z]);
      probe.forward();
      return probe.data.ncon > 0;
    };
    try {
      let redrawn = 0;
      for (let seed = 0; seed < 30; seed++) {
        env.reset({ seed });
        expect(env.physics.data.ncon).toBe(0);
        const rng = seedingNpRandom(seed)[0];
        for (;;) {
          const x = rng.uniform(-0.2, 0.2, 1)[0] as number;
          const z = rng.uniform(0.2, 0.5, 1)[0] as number;
          if (touches(x, z)) {
            redrawn++;
            continue;
          }
          expect(Array.from(env.physics.qpos)).toEqual([0, 0, x, z]);
          break;
        }
      }
      expect(redrawn).toBeGreaterThan(0); // some seeds drew a touching pose first
      const a = env.reset({ seed: 5 }).obs;
      env.reset({ seed: 6 });
      expect(Array.from(env.reset({ seed: 5 }).obs.position ?? [])).toEqual(Array.from(a.position ?? []));
    } finally {
      env.close();
      probe.delete();
    }
  });

  it('rewards the ball sitting in the cup; rolls out 1000 steps (10 000 physics steps) without NaN', () => {
    const env = new DmcEnv(new BallInCupCatchTask());
    try {
      env.reset({ seed: 0 });
      // The target's centre is 5 cm under the rim, at z = 0.55; the ball's body starts at z = 0.2.
      env.physics.qpos.set([0, 0, 0, 0.35]);
      env.physics.forward();
      expect(env.task.reward(env.physics)).toBe(1);
      env.physics.qpos.set([0.1, 0, 0.1 + 0.024, 0.35 - 0.024]); // the cup moved with the ball: still inside
      env.physics.forward();
      expect(env.task.reward(env.physics)).toBe(1);
      env.physics.qpos.set([0, 0, 0.026, 0.35]);
      env.physics.forward();
      expect(env.task.reward(env.physics)).toBe(0);
      env.physics.qpos.set([0, 0, 0, 0]); // hanging below
      env.physics.forward();
      expect(env.task.reward(env.physics)).toBe(0);
      env.reset({ seed: 2 });
      let string = 0;
      for (let t = 0; t < 1000; t++) {
        const { obs, reward } = env.step([Math.sin(t / 9), Math.cos(t / 13)]);
        for (const v of Object.values(obs)) for (const x of v) expect(Number.isFinite(x)).toBe(true);
        expect(reward === 0 || reward === 1).toBe(true);
        string = Math.max(string, (env.physics.data.ten_length as Float64Array)[0] as number);
      }
      // The string holds the ball (without it the ball would lie on the floor, 0.47 m below the knot); its limit is
      // soft, so hard shaking stretches it by a couple of centimetres.
      expect(string).toBeLessThan(BALL_IN_CUP.stringLength + 0.05);
      expect(env.physics.time).toBeCloseTo(20, 9);
    } finally {
      env.close();
    }
  });
});

describe.skipIf(referenceMissing !== undefined)('our ball_in_cup model against dm_control\'s ball_in_cup.xml', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('has the same bodies, geoms, joints, tendon and actuators, and the same 1000 control steps (to 1e-6)', () => {
    const n = BALL_IN_CUP.nSubsteps;
    expectParity({
      domain: 'ball_in_cup',
      xml: ballInCupXml(),
      fields: [
        'body_mass', 'body_inertia', 'body_pos', 'body_ipos', 'body_iquat', 'jnt_range', 'jnt_stiffness', 'dof_damping', 'dof_armature',
        'geom_size', 'geom_pos', 'geom_quat', 'geom_type', 'geom_contype', 'geom_conaffinity', 'geom_friction', 'geom_solref', 'geom_solimp', 'geom_margin',
        'site_pos', 'site_size', 'site_type', 'tendon_range', 'wrap_objid', 'actuator_gear', 'actuator_ctrlrange', 'cam_pos', 'cam_quat',
      ],
      // The ball swings on the string and the cup shakes: contacts in about 900 of the 10 000 physics steps, the string
      // taut in about 7000.
      qpos: [0.02, -0.03, 0.15, 0.05],
      qvel: [0, 0, 0.5, 1.5],
      control: (t) => {
        const step = Math.floor(t / n);
        return [Math.sign(Math.sin(step / 15)), Math.sin(step / 7)];
      },
      steps: 1000 * n,
    });
    const ref = referenceModel('ball_in_cup');
    const theirs = Physics.fromXml(ref.xml, ref.assets);
    const ours = Physics.fromXml(ballInCupXml());
    try {
      expect(ours.timestep).toBe(theirs.timestep);
      expect(Array.from(ours.model.opt.gravity as ArrayLike<number>)).toEqual(Array.from(theirs.model.opt.gravity as ArrayLike<number>));
    } finally {
      ours.delete();
      theirs.delete();
    }
  });
});
