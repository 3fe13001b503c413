/**
 * dm_control's original MJCF files, for the parity tests. They are reference data the project may not copy, so
 * they are read from outside the repository: `DMC_REFERENCE_DIR` if set, else the shared reference folder beside
 * the repository (../shared/dmc, which the developers' machines and CI have); where neither holds them the parity
 * tests are skipped with a printed reason, so a fresh clone alone still passes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { Physics, type ModelAssets } from '../../../envs/dmc/physics.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const DIR = process.env.DMC_REFERENCE_DIR || path.resolve(REPO_ROOT, '../shared/dmc');

/** Why the parity tests are skipped, or undefined when the reference files are there. */
export const referenceMissing: string | undefined =
  existsSync(path.join(DIR, 'cartpole.xml'))
    ? undefined
    : `DMC parity tests skipped: ${DIR} holds no cartpole.xml (dm_control's suite MJCF files); set DMC_REFERENCE_DIR to a folder that does.`;

export function referenceModel(domain: string): { xml: string; assets: ModelAssets } {
  const dir = DIR;
  const assets: Record<string, string> = {};
  for (const f of ['skybox', 'visual', 'materials']) assets[`common/${f}.xml`] = readFileSync(path.join(dir, 'common', `${f}.xml`), 'utf8');
  return { xml: readFileSync(path.join(dir, `${domain}.xml`), 'utf8'), assets };
}

/** One domain's parity check against dm_control's original model. */
export interface ParityCase {
  /** the reference file's stem, e.g. 'acrobot' */
  domain: string;
  /** our MJCF */
  xml: string;
  /** model fields that must be equal element for element (body_mass, dof_damping, ...) */
  fields: readonly string[];
  /** the shared start state */
  qpos: readonly number[];
  qvel: readonly number[];
  /** the control at control step t (the same for both models) */
  control: (t: number) => number[];
  /** control steps to run (default 1000) */
  steps?: number;
}

/**
 * Loads both models, compares `fields`, then steps both from the same state with the same controls and checks that
 * qpos and qvel agree to 1e-6. Returns our physics' final time (both are deleted).
 */
export function expectParity(c: ParityCase): number {
  const ref = referenceModel(c.domain);
  const theirs = Physics.fromXml(ref.xml, ref.assets);
  const ours = Physics.fromXml(c.xml);
  try {
    const fieldOf = (p: Physics, f: string): number[] => Array.from((p.model as unknown as Record<string, ArrayLike<number>>)[f] ?? []);
    for (const field of c.fields) expect(fieldOf(ours, field), field).toEqual(fieldOf(theirs, field));
    expect(ours.model.opt.integrator).toBe(theirs.model.opt.integrator);
    for (const p of [ours, theirs]) {
      p.qpos.set(c.qpos);
      p.qvel.set(c.qvel);
      p.forward();
    }
    for (let t = 0; t < (c.steps ?? 1000); t++) {
      const u = c.control(t);
      ours.ctrl.set(u);
      theirs.ctrl.set(u);
      ours.step(1);
      theirs.step(1);
    }
    for (let i = 0; i < c.qpos.length; i++) {
      expect(ours.qpos[i]).toBeCloseTo(theirs.qpos[i] as number, 6);
      expect(ours.qvel[i]).toBeCloseTo(theirs.qvel[i] as number, 6);
    }
    return ours.time;
  } finally {
    ours.delete();
    theirs.delete();
  }
}
