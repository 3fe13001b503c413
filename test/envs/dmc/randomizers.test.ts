import { beforeAll, describe, expect, it } from 'vitest';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { Physics } from '../../../envs/dmc/physics.js';
import { randomizeLimitedAndRotationalJoints } from '../../../envs/dmc/randomizers.js';
import { seedingNpRandom } from '../../../src/env/seeding.js';

const model = (joints: string): string => `<mujoco><worldbody><body>${joints}<geom size=".1"/></body></worldbody></mujoco>`;

describe('randomizeLimitedAndRotationalJoints', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('draws limited slides and hinges in their ranges and free hinges in [-π, π], leaves free slides alone', () => {
    const p = Physics.fromXml(model(`
      <joint name="free_slide" type="slide" axis="1 0 0"/>
      <joint name="limited_slide" type="slide" axis="0 0 1" limited="true" range="2 3"/>
      <joint name="free_hinge" type="hinge" axis="0 1 0"/>
      <joint name="limited_hinge" type="hinge" axis="1 0 0" limited="true" range="-10 20"/>`));
    try {
      p.qpos.set([0.5, 0, 0, 0]);
      const [rng] = seedingNpRandom(11);
      randomizeLimitedAndRotationalJoints(p, rng);
      const [expected] = seedingNpRandom(11);
      const want = [0.5, expected.uniform(2, 3, 1)[0], expected.uniform(-Math.PI, Math.PI, 1)[0], expected.uniform(-10 * Math.PI / 180, 20 * Math.PI / 180, 1)[0] as number];
      want.forEach((v, i) => expect(p.qpos[i]).toBeCloseTo(v as number, 14));
    } finally {
      p.delete();
    }
  });

  it('refuses free and ball joints, naming the joint', () => {
    const p = Physics.fromXml(model('<freejoint/>'));
    try {
      expect(() => randomizeLimitedAndRotationalJoints(p, seedingNpRandom(0)[0])).toThrow(/joint 0 is a free joint; only hinges and slides/);
    } finally {
      p.delete();
    }
  });
});
