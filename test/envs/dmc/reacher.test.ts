import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { REACHER, ReacherTask, reacherReward, reacherXml } from '../../../envs/dmc/reacher.js';
import { makeAsync } from '../../../src/env/make.js';
import { seedingNpRandom } from '../../../src/env/seeding.js';
import { expectParity, referenceMissing } from './reference-models.js';

if (referenceMissing) console.log(referenceMissing);

const DEG = Math.PI / 180;

describe('reacher reward at hand-computed states', () => {
  it('is 1 up to the summed radii (margin 0) and 0 beyond', () => {
    const easy = REACHER.targetRadius.easy + REACHER.fingerRadius; // 0.06
    expect(reacherReward(0, easy)).toBe(1);
    expect(reacherReward(0.06, easy)).toBe(1); // touching: on the bound
    expect(reacherReward(0.0601, easy)).toBe(0);
    expect(reacherReward(0.4, easy)).toBe(0);
    expect(reacherReward(0.03, REACHER.targetRadius.hard + REACHER.fingerRadius)).toBe(0); // hard: 0.025
  });
});

describe('the reacher envs', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('registers easy and hard with 1000-step limits; 2 actions in [-1, 1]; position, to_target, velocity', async () => {
    for (const task of ['easy', 'hard']) {
      const made = await makeAsync(`dm_control/reacher-${task}-v0`);
      expect(made.spec?.maxEpisodeSteps).toBe(1000);
      made.close();
    }
    const env = new DmcEnv(new ReacherTask('easy'));
    try {
      expect(Object.entries(env.observationSpace.spaces).map(([k, s]) => [k, s.shape])).toEqual([['position', [2]], ['to_target', [3]], ['velocity', [2]]]);
      expect(Array.from(env.actionSpace.low)).toEqual([-1, -1]);
      expect(Array.from(env.actionSpace.high)).toEqual([1, 1]);
      expect(env.controlTimestep).toBe(0.02);
    } finally {
      env.close();
    }
  });

  it('draws shoulder, wrist, target angle and distance in that order from npRandom; the task sets the target size', () => {
    for (const task of ['easy', 'hard'] as const) {
      const env = new DmcEnv(new ReacherTask(task));
      try {
        const { obs } = env.reset({ seed: 3 });
        const rng = seedingNpRandom(3)[0];
        const shoulder = rng.uniform(-Math.PI, Math.PI, 1)[0] as number;
        const wrist = rng.uniform(-160 * DEG, 160 * DEG, 1)[0] as number;
        const angle = rng.uniform(0, 2 * Math.PI, 1)[0] as number;
        const radius = rng.uniform(0.05, 0.2, 1)[0] as number;
        expect(Array.from(obs.position ?? [])).toEqual([shoulder, wrist]);
        expect(Array.from(obs.velocity ?? [])).toEqual([0, 0]);
        const target = env.physics.named.geomXpos('target');
        expect(target[0]).toBeCloseTo(radius * Math.sin(angle), 15);
        expect(target[1]).toBeCloseTo(radius * Math.cos(angle), 15);
        expect((env.physics.model.geom_size as Float64Array)[3 * env.physics.id('geom', 'target')]).toBe(REACHER.targetRadius[task]);
        // The fingertip from the two angles: 0.12 m to the wrist, 0.12 m more to the fingertip.
        const tip = [0.12 * Math.cos(shoulder) + 0.12 * Math.cos(shoulder + wrist), 0.12 * Math.sin(shoulder) + 0.12 * Math.sin(shoulder + wrist)];
        expect(obs.to_target?.[0]).toBeCloseTo(radius * Math.sin(angle) - (tip[0] as number), 12);
        expect(obs.to_target?.[1]).toBeCloseTo(radius * Math.cos(angle) - (tip[1] as number), 12);
        expect(obs.to_target?.[2]).toBe(0);
      } finally {
        env.close();
      }
    }
  });

  it('reproduces a start from its seed; starts within the ranges', () => {
    const env = new DmcEnv(new ReacherTask('hard'));
    try {
      for (let seed = 0; seed < 20; seed++) {
        env.reset({ seed });
        expect(Math.abs(env.physics.qpos[1] as number)).toBeLessThanOrEqual(160 * DEG);
        const t = env.physics.named.geomXpos('target');
        const r = Math.hypot(t[0] as number, t[1] as number);
        expect(r).toBeGreaterThanOrEqual(0.05);
        expect(r).toBeLessThanOrEqual(0.2);
      }
      const a = env.reset({ seed: 7 }).obs;
      env.reset({ seed: 8 });
      const b = env.reset({ seed: 7 }).obs;
      for (const k of ['position', 'to_target', 'velocity']) expect(Array.from(b[k] ?? [])).toEqual(Array.from(a[k] ?? []));
      expect(env.reset({ seed: 8 }).obs.position?.[0]).not.toBe(a.position?.[0]);
    } finally {
      env.close();
    }
  });

  it('rewards the fingertip inside the target (by the task\'s radius) and rolls out 1000 steps without NaN', () => {
    const easy = new DmcEnv(new ReacherTask('easy'));
    const hard = new DmcEnv(new ReacherTask('hard'));
    try {
      for (const env of [easy, hard]) {
        env.reset({ seed: 0 });
        // Arm straight along +x: the fingertip at x = 0.24. Put the target 0.04 m short of it.
        env.physics.qpos.set([0, 0]);
        const target = env.physics.id('geom', 'target');
        (env.physics.model.geom_pos as Float64Array).set([0.2, 0], 3 * target);
        env.physics.forward();
      }
      expect(easy.task.reward(easy.physics)).toBe(1); // 0.04 <= 0.06
      expect(hard.task.reward(hard.physics)).toBe(0); // 0.04 > 0.025
      easy.reset({ seed: 1 });
      let sum = 0;
      for (let t = 0; t < 1000; t++) {
        const { obs, reward } = easy.step([Math.sin(t / 10), Math.cos(t / 7)]);
        for (const v of Object.values(obs)) for (const x of v) expect(Number.isFinite(x)).toBe(true);
        expect(reward === 0 || reward === 1).toBe(true);
        sum += reward;
      }
      expect(sum).toBeLessThan(1000);
    } finally {
      easy.close();
      hard.close();
    }
  });
});

describe.skipIf(referenceMissing !== undefined)('our reacher model against dm_control\'s reacher.xml', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('has the same bodies, geoms, joints and actuators, and the same 1000-step trajectory (to 1e-6)', () => {
    expectParity({
      domain: 'reacher',
      xml: reacherXml(),
      fields: ['body_mass', 'body_inertia', 'body_pos', 'body_ipos', 'body_iquat', 'jnt_range', 'dof_damping', 'dof_armature', 'actuator_gear', 'actuator_ctrlrange', 'geom_size', 'geom_pos', 'geom_quat', 'geom_type', 'cam_pos', 'cam_quat'],
      qpos: [0.3, -2.5],
      qvel: [1, -2],
      control: (t) => [Math.sign(Math.sin(t / 23)), Math.sign(Math.sin(t / 40))], // the wrist rests on a limit in 537 of the steps
    });
  });
});
