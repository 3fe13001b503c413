import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { CHEETAH, CheetahRunTask, cheetahReward, cheetahXml } from '../../../envs/dmc/cheetah.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { Physics } from '../../../envs/dmc/physics.js';
import { makeAsync } from '../../../src/env/make.js';
import { seedingNpRandom } from '../../../src/env/seeding.js';
import { expectParity, referenceMissing } from './reference-models.js';

if (referenceMissing) console.log(referenceMissing);

const deg = (d: number): number => (d * Math.PI) / 180;

describe('cheetah-run reward at hand-computed speeds', () => {
  it('is speed / 10 up to 1 (linear, 0 one margin of 10 m/s below the bound)', () => {
    expect(cheetahReward(10)).toBe(1);
    expect(cheetahReward(25)).toBe(1);
    expect(cheetahReward(5)).toBeCloseTo(0.5, 12);
    expect(cheetahReward(7.5)).toBeCloseTo(0.75, 12);
    expect(cheetahReward(0)).toBe(0);
    expect(cheetahReward(-4)).toBe(0);
  });
});

describe('the cheetah env', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('is registered; observes qpos without root x (8) and qvel (9); 6 motors; 0.01 s control steps', async () => {
    const made = await makeAsync('dm_control/cheetah-run-v0');
    expect(made.spec?.maxEpisodeSteps).toBe(1000);
    made.close();
    const env = new DmcEnv(new CheetahRunTask());
    try {
      expect(Object.entries(env.observationSpace.spaces).map(([k, s]) => [k, s.shape])).toEqual([['position', [8]], ['velocity', [9]]]);
      expect(Array.from(env.actionSpace.high)).toEqual(Array(6).fill(1));
      expect(env.controlTimestep).toBe(0.01);
      const { obs } = env.reset({ seed: 4 });
      expect(Array.from(obs.position ?? [])).toEqual(Array.from(env.physics.qpos).slice(1));
      expect(Array.from(obs.velocity ?? [])).toEqual(Array.from(env.physics.qvel));
      // Moving the whole cheetah forward at 6 m/s: its centre of mass does too.
      env.physics.qvel.fill(0);
      env.physics.qvel[0] = 6;
      env.physics.forward();
      expect(env.task.reward(env.physics)).toBeCloseTo(0.6, 12);
    } finally {
      env.close();
    }
  });

  it('starts from leg joints uniform in their ranges, settled by 200 zero-control steps, the clock at 0; seeded', () => {
    const env = new DmcEnv(new CheetahRunTask());
    const check = Physics.fromXml(cheetahXml());
    try {
      const limbs = [...CHEETAH.back, ...CHEETAH.front];
      for (const seed of [0, 7]) {
        const { obs, info } = env.reset({ seed });
        expect(info.time).toBe(0);
        // The same start by hand: rest pose, one uniform per leg joint in joint order, 200 steps.
        const [rng] = seedingNpRandom(seed);
        check.resetData();
        check.forward();
        const range = check.model.jnt_range as Float64Array; // MuJoCo's radians of the facts' degrees
        limbs.forEach((l, i) => {
          expect(range[2 * (3 + i)]).toBeCloseTo(deg(l.range[0]), 14);
          expect(range[2 * (3 + i) + 1]).toBeCloseTo(deg(l.range[1]), 14);
          check.qpos[3 + i] = rng.uniform(range[2 * (3 + i)] as number, range[2 * (3 + i) + 1] as number, 1)[0] as number;
        });
        check.step(200);
        expect(Array.from(env.physics.qpos)).toEqual(Array.from(check.qpos));
        // Settled: resting on the floor (torso a few dm up), nearly still.
        expect(Math.max(...Array.from(obs.velocity ?? [], Math.abs))).toBeLessThan(0.5);
        expect(env.physics.xpos[3 * 1 + 2]).toBeGreaterThan(0.1);
        expect(env.physics.xpos[3 * 1 + 2]).toBeLessThan(0.8);
        expect(Array.from(env.reset({ seed }).obs.position ?? [])).toEqual(Array.from(obs.position ?? []));
      }
    } finally {
      env.close();
      check.delete();
    }
  });

  it('runs 300 control steps of random actions without a NaN, rewards in [0, 1]', () => {
    const env = new DmcEnv(new CheetahRunTask());
    try {
      env.reset({ seed: 1 });
      env.actionSpace.seed(1);
      for (let t = 0; t < 300; t++) {
        const { obs, reward } = env.step(env.actionSpace.sample());
        expect(reward).toBeGreaterThanOrEqual(0);
        expect(reward).toBeLessThanOrEqual(1);
        for (const v of Object.values(obs)) for (const x of v) expect(Number.isFinite(x)).toBe(true);
      }
    } finally {
      env.close();
    }
  });
});

describe.skipIf(referenceMissing !== undefined)('our cheetah model against dm_control\'s cheetah.xml', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('has the same masses (14 kg in all), geoms, springs, joints, actuators and cameras, and the same 1000-step trajectory (to 1e-6)', () => {
    expectParity({
      domain: 'cheetah',
      xml: cheetahXml(),
      fields: [
        'body_mass', 'body_inertia', 'body_pos', 'body_quat', 'body_ipos', 'body_iquat', 'jnt_type', 'jnt_range', 'jnt_axis', 'jnt_stiffness',
        'dof_damping', 'dof_armature', 'geom_type', 'geom_size', 'geom_pos', 'geom_quat', 'geom_friction', 'geom_contype', 'geom_conaffinity',
        'geom_condim', 'actuator_gear', 'actuator_ctrlrange', 'actuator_trnid', 'sensor_type', 'cam_pos', 'cam_quat', 'cam_mode',
      ],
      // Dropped from 20 cm with the legs bent, then driven: feet and shins hit the floor.
      qpos: [0, -0.2, 0.1, 0.3, -0.4, 0.2, -0.3, 0.5, 0.1],
      qvel: [1, 0, 0, 0, 0, 0, 0, 0, 0],
      control: (t) => [0, 1, 2, 3, 4, 5].map((i) => Math.sin(t / (13 + 5 * i) + i)),
    });
  });
});
