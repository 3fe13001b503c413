import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { DMC_TASKS } from '../../../envs/dmc/register.js';
import { WALKER, WalkerTask, walkerReward, walkerXml } from '../../../envs/dmc/walker.js';
import { makeAsync } from '../../../src/env/make.js';
import { seedingNpRandom } from '../../../src/env/seeding.js';
import { expectParity, referenceMissing } from './reference-models.js';

if (referenceMissing) console.log(referenceMissing);

const deg = (d: number): number => (d * Math.PI) / 180;
const upright = { torsoHeight: 1.3, torsoUpright: 1, horizontalVelocity: 0 };

describe('walker rewards at hand-computed states', () => {
  it('stand: (3 standing + upright) / 4, standing 1 from 1.2 m up, gaussian 0.1 one margin (0.6 m) below', () => {
    expect(walkerReward(upright, 0)).toBe(1);
    expect(walkerReward({ ...upright, torsoHeight: 1.2 }, 0)).toBe(1);
    expect(walkerReward({ ...upright, torsoHeight: 0.6 }, 0)).toBeCloseTo((3 * 0.1 + 1) / 4, 12);
    expect(walkerReward({ ...upright, torsoHeight: 0 }, 0)).toBeCloseTo((3 * 1e-4 + 1) / 4, 12); // two margins: 0.1^4
    expect(walkerReward({ ...upright, torsoUpright: 0 }, 0)).toBeCloseTo((3 + 0.5) / 4, 12); // lying flat at height
    expect(walkerReward({ torsoHeight: -5, torsoUpright: -1, horizontalVelocity: 0 }, 0)).toBeLessThan(1e-50);
  });

  it('walk (1 m/s) and run (8 m/s): stand · (5 move + 1) / 6, move linear with 0.5 one half-speed below', () => {
    expect(walkerReward({ ...upright, horizontalVelocity: 1 }, 1)).toBe(1);
    expect(walkerReward({ ...upright, horizontalVelocity: 30 }, 1)).toBe(1);
    expect(walkerReward({ ...upright, horizontalVelocity: 0.5 }, 1)).toBeCloseTo((5 * 0.5 + 1) / 6, 12);
    expect(walkerReward({ ...upright, horizontalVelocity: 0 }, 1)).toBeCloseTo(1 / 6, 12); // two margins: linear reaches 0
    expect(walkerReward({ ...upright, horizontalVelocity: -3 }, 1)).toBeCloseTo(1 / 6, 12);
    expect(walkerReward({ ...upright, horizontalVelocity: 4 }, 8)).toBeCloseTo((5 * 0.5 + 1) / 6, 12);
    expect(walkerReward({ ...upright, horizontalVelocity: 6 }, 8)).toBeCloseTo((5 * 0.75 + 1) / 6, 12);
    expect(walkerReward({ ...upright, torsoHeight: 0.6, horizontalVelocity: 8 }, 8)).toBeCloseTo((3 * 0.1 + 1) / 4, 12);
  });
});

describe('the walker envs', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('registers stand, walk and run with 1000-step limits', async () => {
    const ids = DMC_TASKS.map((t) => t.id).filter((id) => id.startsWith('dm_control/walker-'));
    expect(ids).toEqual(['dm_control/walker-stand-v0', 'dm_control/walker-walk-v0', 'dm_control/walker-run-v0']);
    for (const id of ids) {
      const env = await makeAsync(id);
      expect(env.spec?.maxEpisodeSteps).toBe(1000);
      env.close();
    }
  });

  it('observes the bodies\' xx, xz frame entries, the torso height and qvel; 6 motors; 0.025 s control steps', () => {
    const env = new DmcEnv(new WalkerTask('walk'));
    try {
      expect(Object.entries(env.observationSpace.spaces).map(([k, s]) => [k, s.shape])).toEqual([['orientations', [14]], ['height', [1]], ['velocity', [9]]]);
      expect(Array.from(env.actionSpace.low)).toEqual(Array(6).fill(-1));
      expect(env.controlTimestep).toBeCloseTo(0.025, 15);
      const p = env.physics;
      // qpos: rootz, rootx, rooty, right hip, knee, ankle, left hip, knee, ankle. Leg joints turn about -y.
      const [z, pitch, hip, knee] = [-0.2, 0.3, 0.5, -0.4];
      p.qpos.set([z, 1.5, pitch, hip, knee, 0, 0, 0, 0]);
      p.qvel.fill(0);
      p.forward();
      const obs = env.task.observation(p);
      const expected = [pitch, pitch - hip, pitch - hip - knee, pitch - hip - knee, pitch, pitch, pitch].flatMap((a) => [Math.cos(a), Math.sin(a)]);
      expected.forEach((v, i) => expect(obs.orientations?.[i]).toBeCloseTo(v, 12));
      expect(obs.height?.[0]).toBeCloseTo(WALKER.torsoHeight + z, 12);
      expect(Array.from(obs.velocity ?? [])).toEqual(Array(9).fill(0));
    } finally {
      env.close();
    }
  });

  it('rewards the real state: standing straight still is 1 (stand) and 1/6 (walk); moving at 1 m/s, 1 (walk)', () => {
    const tasks = { stand: new DmcEnv(new WalkerTask('stand')), walk: new DmcEnv(new WalkerTask('walk')), run: new DmcEnv(new WalkerTask('run')) };
    try {
      for (const env of Object.values(tasks)) {
        env.physics.qpos.fill(0); // torso 1.3 m up, upright, legs straight
        env.physics.qvel.fill(0);
        env.physics.forward();
      }
      expect(tasks.stand.task.reward(tasks.stand.physics)).toBe(1);
      expect(tasks.walk.task.reward(tasks.walk.physics)).toBeCloseTo(1 / 6, 12);
      for (const env of [tasks.walk, tasks.run]) {
        env.physics.qvel[1] = 1; // rootx: every body moves forward at 1 m/s
        env.physics.forward();
      }
      expect(tasks.walk.task.reward(tasks.walk.physics)).toBeCloseTo(1, 12);
      // run: 7 m/s short of 8 is 1.75 half-speeds: linear 1 - 1.75 · 0.5 = 0.125.
      expect(tasks.run.task.reward(tasks.run.physics)).toBeCloseTo((5 * 0.125 + 1) / 6, 12);
    } finally {
      for (const env of Object.values(tasks)) env.close();
    }
  });

  it('starts at rest with the pitch in [-π, π] and each leg joint in its range, one draw per joint in order; seeded', () => {
    const env = new DmcEnv(new WalkerTask('stand'));
    try {
      const ranges = [WALKER.thigh.range, WALKER.leg.range, WALKER.foot.range, WALKER.thigh.range, WALKER.leg.range, WALKER.foot.range];
      for (const seed of [0, 1, 2]) {
        const { obs } = env.reset({ seed });
        const [rng] = seedingNpRandom(seed);
        const expected = [0, 0, rng.uniform(-Math.PI, Math.PI, 1)[0], ...ranges.map(([lo, hi]) => rng.uniform(deg(lo), deg(hi), 1)[0])];
        expected.forEach((v, i) => expect(env.physics.qpos[i]).toBeCloseTo(v as number, 15));
        expect(Array.from(obs.velocity ?? [])).toEqual(Array(9).fill(0));
        expect(Array.from(env.reset({ seed }).obs.orientations ?? [])).toEqual(Array.from(obs.orientations ?? []));
      }
    } finally {
      env.close();
    }
  });

  it('runs 200 control steps of random actions without a NaN, rewards in [0, 1]', () => {
    const env = new DmcEnv(new WalkerTask('run'));
    try {
      env.reset({ seed: 3 });
      env.actionSpace.seed(3);
      for (let t = 0; t < 200; t++) {
        const { obs, reward, terminated } = env.step(env.actionSpace.sample());
        expect(terminated).toBe(false);
        expect(reward).toBeGreaterThanOrEqual(0);
        expect(reward).toBeLessThanOrEqual(1);
        for (const v of Object.values(obs)) for (const x of v) expect(Number.isFinite(x)).toBe(true);
      }
      expect(env.physics.time).toBeCloseTo(200 * 0.025, 9);
    } finally {
      env.close();
    }
  });
});

describe.skipIf(referenceMissing !== undefined)('our walker model against dm_control\'s walker.xml', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('has the same bodies, geoms, joints, actuators, sensor and cameras, and the same 1000 control steps (to 1e-6)', () => {
    const n = WALKER.nSubsteps;
    expectParity({
      domain: 'walker',
      xml: walkerXml(),
      fields: [
        'body_mass', 'body_inertia', 'body_pos', 'body_quat', 'body_ipos', 'body_iquat', 'jnt_type', 'jnt_range', 'jnt_axis', 'jnt_pos', 'jnt_solimp',
        'dof_damping', 'dof_armature', 'geom_type', 'geom_size', 'geom_pos', 'geom_quat', 'geom_friction', 'geom_contype', 'geom_conaffinity',
        'actuator_gear', 'actuator_ctrlrange', 'actuator_trnid', 'sensor_type', 'sensor_objid', 'cam_pos', 'cam_quat', 'cam_mode',
      ],
      // Falling from a crouch onto the floor, then kicking: contacts with both feet, the legs and the torso.
      qpos: [-0.1, 0, 0.2, 0.4, -0.6, 0.2, -0.1, -0.3, 0.1],
      qvel: [0, 0.3, 0, 0, 0, 0, 0, 0, 0],
      steps: 1000 * n,
      control: (t) => {
        const k = Math.floor(t / n); // constant within a control step
        return [0, 1, 2, 3, 4, 5].map((i) => 0.8 * Math.sin(k / (23 + 7 * i) + i));
      },
    });
  });
});
