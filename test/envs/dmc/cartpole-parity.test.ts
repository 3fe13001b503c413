import { beforeAll, describe, expect, it } from 'vitest';
import { cartpoleXml } from '../../../envs/dmc/cartpole.js';
import { loadMujoco } from '../../../envs/dmc/mujoco.js';
import { Physics } from '../../../envs/dmc/physics.js';
import { referenceMissing, referenceModel } from './reference-models.js';

if (referenceMissing) console.log(referenceMissing);

describe.skipIf(referenceMissing !== undefined)('our cartpole model against dm_control\'s cartpole.xml', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it('has the same sizes, masses, inertias, joints and actuator', () => {
    const ref = referenceModel('cartpole');
    const theirs = Physics.fromXml(ref.xml, ref.assets);
    const ours = Physics.fromXml(cartpoleXml());
    try {
      const [a, b] = [ours.model, theirs.model];
      expect([a.nq, a.nv, a.nu, a.nbody]).toEqual([b.nq, b.nv, b.nu, b.nbody]);
      expect(ours.timestep).toBe(theirs.timestep);
      expect(a.opt.integrator).toBe(b.opt.integrator);
      for (const field of ['body_mass', 'body_inertia', 'body_pos', 'body_ipos', 'jnt_range', 'dof_damping', 'actuator_gear', 'actuator_ctrlrange', 'jnt_solref'] as const) {
        expect(Array.from(a[field] as Float64Array), field).toEqual(Array.from(b[field] as Float64Array));
      }
    } finally {
      ours.delete();
      theirs.delete();
    }
  });

  it('follows the same trajectory for 1000 control steps from the same state and controls (to 1e-6)', () => {
    const ref = referenceModel('cartpole');
    const theirs = Physics.fromXml(ref.xml, ref.assets);
    const ours = Physics.fromXml(cartpoleXml());
    try {
      for (const p of [ours, theirs]) {
        p.qpos.set([0.3, Math.PI - 0.2]);
        p.qvel.set([-0.1, 0.5]);
        p.forward();
      }
      for (let t = 0; t < 1000; t++) {
        // A bang-bang-ish control that drives the cart into its rail limits now and then.
        const u = Math.sin(t / 37) * 1.3;
        ours.ctrl[0] = u;
        theirs.ctrl[0] = u;
        ours.step(1);
        theirs.step(1);
      }
      expect(Math.abs(ours.qpos[0] as number)).toBeGreaterThan(0); // it moved
      for (let i = 0; i < 2; i++) {
        expect(ours.qpos[i]).toBeCloseTo(theirs.qpos[i] as number, 6);
        expect(ours.qvel[i]).toBeCloseTo(theirs.qvel[i] as number, 6);
      }
      expect(ours.time).toBeCloseTo(10, 9);
    } finally {
      ours.delete();
      theirs.delete();
    }
  });
});
