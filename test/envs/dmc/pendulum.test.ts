import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { PENDULUM_COSINE_BOUND, PendulumSwingupTask, pendulumReward, pendulumXml } from '../../../envs/dmc/pendulum.js';
import { makeAsync } from '../../../src/env/make.js';
import { expectParity, referenceMissing } from './reference-models.js';

if (referenceMissing) console.log(referenceMissing);

describe('pendulum-swingup reward at hand-computed states', () => {
  it('is 1 within 8 degrees of upright and 0 beyond (margin 0)', () => {
    expect(PENDULUM_COSINE_BOUND).toBeCloseTo(0.990268068741570, 14);
    expect(pendulumReward(1)).toBe(1);
    expect(pendulumReward(Math.cos((7.99 * Math.PI) / 180))).toBe(1);
    expect(pendulumReward(Math.cos((8.01 * Math.PI) / 180))).toBe(0);
    expect(pendulumReward(-1)).toBe(0);
  });
});

describe('the pendulum env', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('is registered, observes [cos, sin] and ω, starts at rest at a seeded random angle', async () => {
    const made = await makeAsync('dm_control/pendulum-swingup-v0');
    expect(made.spec?.maxEpisodeSteps).toBe(1000);
    made.close();
    const env = new DmcEnv(new PendulumSwingupTask());
    try {
      expect(Object.keys(env.observationSpace.spaces)).toEqual(['orientation', 'velocity']);
      expect(env.controlTimestep).toBe(0.02);
      const { obs } = env.reset({ seed: 5 });
      const theta = env.physics.qpos[0] as number;
      expect(Math.abs(theta)).toBeLessThanOrEqual(Math.PI);
      expect(obs.orientation?.[0]).toBeCloseTo(Math.cos(theta), 12);
      expect(obs.orientation?.[1]).toBeCloseTo(Math.sin(theta), 12);
      expect(Array.from(obs.velocity ?? [])).toEqual([0]);
      expect(env.reset({ seed: 5 }).obs.orientation?.[0]).toBe(obs.orientation?.[0]);
      const step = env.step([0]);
      expect(step.reward).toBe(Math.cos(theta) >= PENDULUM_COSINE_BOUND ? 1 : 0);
      expect(step.obs.velocity?.[0]).toBe(env.physics.qvel[0]);
    } finally {
      env.close();
    }
  });
});

describe('a diverging pendulum', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('raises an EnvError naming the task, the step and the state instead of returning a reward', () => {
    const env = new DmcEnv(new PendulumSwingupTask());
    try {
      env.reset({ seed: 0 });
      env.step([0]);
      env.physics.qvel[0] = 1e11;
      expect(() => env.step([0])).toThrow(/dm_control\/pendulum-swingup-v0: the physics diverged at step 2 \(qpos \[/);
      env.reset({ seed: 0 });
      expect(env.step([0]).reward).toBeGreaterThanOrEqual(0); // a reset clears MuJoCo's warnings
    } finally {
      env.close();
    }
  });
});

describe.skipIf(referenceMissing !== undefined)('our pendulum model against dm_control\'s pendulum.xml', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('has the same inertia, joint and actuator, and the same 1000-step trajectory (to 1e-6)', () => {
    const time = expectParity({
      domain: 'pendulum',
      xml: pendulumXml(),
      fields: ['body_mass', 'body_inertia', 'body_pos', 'body_ipos', 'dof_damping', 'actuator_gear', 'actuator_ctrlrange'],
      qpos: [2.5],
      qvel: [-0.3],
      control: (t) => [Math.sign(Math.sin(t / 23)) * 1.2],
    });
    expect(time).toBeCloseTo(20, 9);
  });
});
