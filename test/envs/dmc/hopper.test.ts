import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { HOPPER, HopperTask, hopperReward, hopperXml } from '../../../envs/dmc/hopper.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { DMC_TASKS } from '../../../envs/dmc/register.js';
import { makeAsync } from '../../../src/env/make.js';
import { seedingNpRandom } from '../../../src/env/seeding.js';
import { expectParity, referenceMissing } from './reference-models.js';

if (referenceMissing) console.log(referenceMissing);

const still = { height: 1, speed: 0, control: [0, 0, 0, 0] };

describe('hopper rewards at hand-computed states', () => {
  it('standing is 1 for a torso 0.6 to 2 m above the foot, else 0 (margin 0)', () => {
    for (const task of ['stand', 'hop'] as const) {
      expect(hopperReward({ ...still, height: 0.59, speed: 5 }, task)).toBe(0);
      expect(hopperReward({ ...still, height: 2.01, speed: 5 }, task)).toBe(0);
      expect(hopperReward({ ...still, height: -1, speed: 5 }, task)).toBe(0);
    }
    expect(hopperReward({ ...still, height: 0.6 }, 'stand')).toBe(1);
    expect(hopperReward({ ...still, height: 2 }, 'stand')).toBe(1);
  });

  it('stand: · (4 + mean small control) / 5; hop: · speed term, linear, 0.5 at 1 m/s, 0 at rest', () => {
    expect(hopperReward({ ...still, control: [1, -1, 1, -1] }, 'stand')).toBeCloseTo(4 / 5, 12);
    expect(hopperReward({ ...still, control: [0.5, 0.5, 0, 0] }, 'stand')).toBeCloseTo((4 + (0.75 + 0.75 + 1 + 1) / 4) / 5, 12);
    expect(hopperReward({ ...still, speed: 2 }, 'hop')).toBe(1);
    expect(hopperReward({ ...still, speed: 9 }, 'hop')).toBe(1);
    expect(hopperReward({ ...still, speed: 1 }, 'hop')).toBeCloseTo(0.5, 12);
    expect(hopperReward({ ...still, speed: 1.5 }, 'hop')).toBeCloseTo(0.75, 12);
    expect(hopperReward({ ...still, speed: 0 }, 'hop')).toBe(0);
    expect(hopperReward({ ...still, speed: 2, control: [1, 1, 1, 1] }, 'hop')).toBe(1); // hop ignores the controls
  });
});

/** A capsule's volume (density is uniform, so masses are in proportion). */
const capsule = (r: number, length: number): number => Math.PI * r * r * length + (4 / 3) * Math.PI * r ** 3;

describe('the hopper envs', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('registers stand and hop with 1000-step limits', async () => {
    const ids = DMC_TASKS.map((t) => t.id).filter((id) => id.startsWith('dm_control/hopper-'));
    expect(ids).toEqual(['dm_control/hopper-stand-v0', 'dm_control/hopper-hop-v0']);
    for (const id of ids) {
      const env = await makeAsync(id);
      expect(env.spec?.maxEpisodeSteps).toBe(1000);
      env.close();
    }
  });

  it('observes qpos without root x (6), qvel (7) and log(1 + touch) at toe and heel (2); 4 motors; 0.02 s steps', () => {
    const env = new DmcEnv(new HopperTask('stand'));
    try {
      expect(Object.entries(env.observationSpace.spaces).map(([k, s]) => [k, s.shape])).toEqual([['position', [6]], ['velocity', [7]], ['touch', [2]]]);
      expect(Array.from(env.actionSpace.low)).toEqual(Array(4).fill(-1));
      expect(env.controlTimestep).toBeCloseTo(0.02, 15);
      const p = env.physics;
      // In the air: nothing touches.
      p.qpos.fill(0);
      p.qpos[1] = 0.5;
      p.forward();
      let obs = env.task.observation(p);
      expect(Array.from(obs.position ?? [])).toEqual([0.5, 0, 0, 0, 0, 0]);
      expect(Array.from(obs.touch ?? [])).toEqual([0, 0]);
      // Standing straight, the foot's underside (1 - 0.05 - 0.2 - 0.33 - 0.32 - 0.04 = 0.06 m up) on the floor: it
      // presses down, and both ends of the foot feel it.
      p.qpos.fill(0);
      p.qpos[1] = -0.06;
      p.forward();
      for (let t = 0; t < 3; t++) obs = env.step([0, 0, 0, 0]).obs;
      const toe = p.named.sensordata('touch_toe')[0] as number;
      const heel = p.named.sensordata('touch_heel')[0] as number;
      expect(toe).toBeGreaterThan(0);
      expect(heel).toBeGreaterThan(0);
      expect(obs.touch?.[0]).toBeCloseTo(Math.log1p(toe), 14);
      expect(obs.touch?.[1]).toBeCloseTo(Math.log1p(heel), 14);
    } finally {
      env.close();
    }
  });

  it('measures height between the torso\'s and the foot\'s centres of mass; rewards the real state', () => {
    const stand = new DmcEnv(new HopperTask('stand'));
    const hop = new DmcEnv(new HopperTask('hop'));
    try {
      for (const env of [stand, hop]) {
        env.physics.qpos.fill(0);
        env.physics.qvel.fill(0);
        env.physics.forward();
      }
      // Upright, legs straight: the torso's centre of mass (torso and nose capsules) 1 m up, the foot's at 0.1 m.
      const t = HOPPER.torso;
      const n = HOPPER.nose;
      const vTorso = capsule(t.radius, t.to[1] - t.from[1]);
      const vNose = capsule(n.radius, Math.hypot(n.to[0] - n.from[0], n.to[1] - n.from[1]));
      const torsoZ = 1 + (vTorso * (t.from[1] + t.to[1]) / 2 + vNose * (n.from[1] + n.to[1]) / 2) / (vTorso + vNose);
      const xipos = stand.physics.data.xipos as Float64Array;
      expect((xipos[3 * 1 + 2] as number) - (xipos[3 * 5 + 2] as number)).toBeCloseTo(torsoZ - 0.1, 12);
      expect(stand.task.reward(stand.physics)).toBe(1);
      expect(hop.task.reward(hop.physics)).toBe(0); // still
      hop.physics.qvel[0] = 1; // rootx: the whole hopper moves forward at 1 m/s
      hop.physics.forward();
      expect(hop.task.reward(hop.physics)).toBeCloseTo(0.5, 12);
      // Upside down: the torso below the foot.
      stand.physics.qpos[2] = Math.PI;
      stand.physics.forward();
      expect(stand.task.reward(stand.physics)).toBe(0);
    } finally {
      stand.close();
      hop.close();
    }
  });

  it('starts at rest with the pitch in [-π, π] and each leg joint in its range, one draw per joint in order; seeded', () => {
    const env = new DmcEnv(new HopperTask('hop'));
    try {
      const range = env.physics.model.jnt_range as Float64Array;
      const deg = [HOPPER.pelvis.range, HOPPER.thigh.range, HOPPER.calf.range, HOPPER.foot.range];
      deg.forEach(([lo, hi], i) => {
        expect(range[2 * (3 + i)]).toBeCloseTo((lo * Math.PI) / 180, 14);
        expect(range[2 * (3 + i) + 1]).toBeCloseTo((hi * Math.PI) / 180, 14);
      });
      for (const seed of [0, 5]) {
        const { obs } = env.reset({ seed });
        const [rng] = seedingNpRandom(seed);
        const expected = [0, 0, rng.uniform(-Math.PI, Math.PI, 1)[0], ...deg.map((_, i) => rng.uniform(range[2 * (3 + i)] as number, range[2 * (3 + i) + 1] as number, 1)[0])];
        expect(Array.from(env.physics.qpos)).toEqual(expected);
        expect(Array.from(obs.velocity ?? [])).toEqual(Array(7).fill(0));
        expect(Array.from(env.reset({ seed }).obs.position ?? [])).toEqual(Array.from(obs.position ?? []));
      }
    } finally {
      env.close();
    }
  });

  it('runs 300 control steps of random actions without a NaN, rewards in [0, 1]', () => {
    const env = new DmcEnv(new HopperTask('hop'));
    try {
      env.reset({ seed: 2 });
      env.actionSpace.seed(2);
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

describe.skipIf(referenceMissing !== undefined)('our hopper model against dm_control\'s hopper.xml', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('has the same bodies, geoms, joints, actuators, touch sites, sensors and cameras, and the same 1000 control steps (to 1e-6)', () => {
    const n = HOPPER.nSubsteps;
    expectParity({
      domain: 'hopper',
      xml: hopperXml(),
      fields: [
        'body_mass', 'body_inertia', 'body_pos', 'body_quat', 'body_ipos', 'body_iquat', 'jnt_type', 'jnt_range', 'jnt_axis', 'dof_damping',
        'dof_armature', 'geom_type', 'geom_size', 'geom_pos', 'geom_quat', 'geom_friction', 'geom_contype', 'geom_conaffinity', 'actuator_gear',
        'actuator_ctrlrange', 'actuator_trnid', 'sensor_type', 'sensor_objid', 'site_pos', 'site_size', 'site_type', 'cam_pos', 'cam_quat', 'cam_mode',
      ],
      // Dropped onto its foot with the knee bent, then driven: toe, heel and later the body hit the floor.
      qpos: [0, -0.02, 0.05, 0, -0.3, 0.5, 0],
      qvel: [0.5, 0, 0, 0, 0, 0, 0],
      steps: 1000 * n,
      control: (t) => {
        const k = Math.floor(t / n);
        return [0, 1, 2, 3].map((i) => 0.9 * Math.sin(k / (17 + 6 * i) + i));
      },
    });
  });
});
