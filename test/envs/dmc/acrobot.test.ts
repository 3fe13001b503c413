import { beforeAll, describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { ACROBOT, AcrobotSwingupTask, acrobotReward, acrobotXml } from '../../../envs/dmc/acrobot.js';
import { DmcEnv } from '../../../envs/dmc/dmc-env.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { makeAsync } from '../../../src/env/make.js';
import { expectParity, referenceMissing } from './reference-models.js';

if (referenceMissing) console.log(referenceMissing);

describe('acrobot-swingup reward at hand-computed states', () => {
  it('is 1 with the tip inside the target, 0.1 one metre outside it, ~0 hanging down', () => {
    expect(acrobotReward(0)).toBe(1);
    expect(acrobotReward(0.2)).toBe(1);
    expect(acrobotReward(1.2)).toBeCloseTo(0.1, 12);
    expect(acrobotReward(0.7)).toBeCloseTo(0.1 ** 0.25, 12);
    expect(acrobotReward(4)).toBeCloseTo(0.1 ** (3.8 * 3.8), 12); // hanging straight down: 4 m from the target
  });
});

describe('the acrobot env', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('is registered; observes [sin, sin, cos, cos] of the links and the two joint rates; rewards by the tip', async () => {
    const made = await makeAsync('dm_control/acrobot-swingup-v0');
    expect(made.spec?.maxEpisodeSteps).toBe(1000);
    made.close();
    const env = new DmcEnv(new AcrobotSwingupTask());
    try {
      expect(Object.keys(env.observationSpace.spaces)).toEqual(['orientations', 'velocity']);
      const { obs } = env.reset({ seed: 2 });
      const [s, e] = env.physics.qpos as unknown as [number, number];
      // The lower arm's angle from upright is shoulder + elbow.
      const expected = [Math.sin(s), Math.sin(s + e), Math.cos(s), Math.cos(s + e)];
      expected.forEach((v, i) => expect(obs.orientations?.[i]).toBeCloseTo(v, 12));
      expect(Array.from(obs.velocity ?? [])).toEqual([0, 0]);
      // Straight up: the tip is at the target's centre.
      env.physics.qpos.set([0, 0]);
      env.physics.qvel.set([0, 0]);
      env.physics.forward();
      expect(env.task.reward(env.physics)).toBe(1);
      // Straight down: tip at height 0, 4 m below the target.
      env.physics.qpos.set([Math.PI, 0]);
      env.physics.forward();
      expect(env.task.reward(env.physics)).toBeCloseTo(acrobotReward(ACROBOT.targetHeight), 12);
    } finally {
      env.close();
    }
  });
});

describe.skipIf(referenceMissing !== undefined)('our acrobot model against dm_control\'s acrobot.xml', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('has the same inertias, joints and actuator, and the same 1000-step trajectory (to 1e-6)', () => {
    expectParity({
      domain: 'acrobot',
      xml: acrobotXml(),
      fields: ['body_mass', 'body_inertia', 'body_pos', 'body_ipos', 'dof_damping', 'actuator_gear', 'actuator_ctrlrange', 'site_pos', 'site_size'],
      qpos: [2.9, -0.4],
      qvel: [0.2, -0.1],
      control: (t) => [Math.sign(Math.sin(t / 31))],
    });
  });
});
