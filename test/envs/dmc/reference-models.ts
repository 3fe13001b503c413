/**
 * dm_control's original MJCF files, for the parity tests. They are reference data the project may not copy, so
 * they are read from outside the repository: `DMC_REFERENCE_DIR` if set, else the shared reference folder beside
 * the repository (../shared/dmc, which the developers' machines and CI have); where neither holds them the parity
 * tests are skipped with a printed reason, so a fresh clone alone still passes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelAssets } from '../../../envs/dmc/physics.js';

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
