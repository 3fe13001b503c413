import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { PointMassEasyTask, pointMassReward, pointMassXml } from '../../../envs/dmc/point-mass.js';
import { makeAsync } from '../../../src/env/make.js';
import { expectParity, referenceMissing } from './reference-models.js';

if (referenceMissing) console.log(referenceMissing);

describe('point_mass-easy reward at hand-computed states', () => {
  it('is near-target × small-control', () => {
    expect(pointMassReward(0, [0, 0])).toBe(1);
    expect(pointMassReward(0.015, [0, 0])).toBe(1); // on the target's surface: inside the bounds
    expect(pointMassReward(0.03, [0, 0])).toBeCloseTo(0.1, 12); // one margin (0.015) outside: gaussian's 0.1
    expect(pointMassReward(0.5, [0, 0])).toBeLessThan(1e-100);
    // Controls: quadratic with value 0 at 1: u = 1 gives 0, u = 0.5 gives 0.75; their mean is 0.375.
    expect(pointMassReward(0, [1, 0.5])).toBeCloseTo((4 + 0.375) / 5, 12);
    expect(pointMassReward(0, [-3, 3])).toBeCloseTo(4 / 5, 12);
  });
});

describe('the point_mass env', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('is registered; observes qpos and qvel; starts at rest, uniform within the joint ranges; 2 actions in [-1, 1]', async () => {
    const made = await makeAsync('dm_control/point_mass-easy-v0');
    expect(made.spec?.maxEpisodeSteps).toBe(1000);
    made.close();
    const env = new DmcEnv(new PointMassEasyTask());
    try {
      expect(Object.keys(env.observationSpace.spaces)).toEqual(['position', 'velocity']);
      expect(Array.from(env.actionSpace.low)).toEqual([-1, -1]);
      for (let seed = 0; seed < 10; seed++) {
        const { obs } = env.reset({ seed });
        for (const v of obs.position ?? []) expect(Math.abs(v)).toBeLessThanOrEqual(0.29);
        expect(Array.from(obs.velocity ?? [])).toEqual([0, 0]);
      }
      const { obs } = env.reset({ seed: 1 });
      const step = env.step([0, 0]);
      expect(step.reward).toBeCloseTo(pointMassReward(Math.hypot(...Array.from(step.obs.position ?? [])), [0, 0]), 12);
      expect(env.reset({ seed: 1 }).obs.position?.[0]).toBe(obs.position?.[0]);
    } finally {
      env.close();
    }
  });
});

describe.skipIf(referenceMissing !== undefined)('our point_mass model against dm_control\'s point_mass.xml', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('has the same bodies, joints, tendons and actuators, and the same 1000-step trajectory (to 1e-6)', () => {
    expectParity({
      domain: 'point_mass',
      xml: pointMassXml(),
      fields: ['body_mass', 'body_inertia', 'body_pos', 'jnt_range', 'dof_damping', 'actuator_gear', 'actuator_ctrlrange', 'wrap_prm', 'geom_size', 'geom_pos'],
      qpos: [0.2, -0.1],
      qvel: [0.05, 0.3],
      control: (t) => [1.5 * Math.sin(t / 17), Math.cos(t / 29)], // hard enough to hit the joint limits now and then
    });
  });
});
