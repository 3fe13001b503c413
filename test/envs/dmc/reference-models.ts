/**
 * dm_control's original MJCF files, for the parity tests. They are reference data outside the repository (the
 * project does not copy them), so the folder comes from `DMC_REFERENCE_DIR` (CI points it at its checkout of
 * dm_control's suite files); without it the parity tests are skipped with a printed reason, and the suite stays
 * self-contained (test/repo/self-contained.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelAssets } from '../../../envs/dmc/physics.js';

const DIR = process.env.DMC_REFERENCE_DIR;

/** Why the parity tests are skipped, or undefined when the reference files are there. */
export const referenceMissing: string | undefined =
  DIR === undefined || DIR === ''
    ? "DMC parity tests skipped: set DMC_REFERENCE_DIR to a folder holding dm_control's suite MJCF files (cartpole.xml, ..., common/)."
    : existsSync(path.join(DIR, 'cartpole.xml'))
      ? undefined
      : `DMC parity tests skipped: DMC_REFERENCE_DIR=${DIR} holds no cartpole.xml.`;

export function referenceModel(domain: string): { xml: string; assets: ModelAssets } {
  const dir = DIR as string;
  const assets: Record<string, string> = {};
  for (const f of ['skybox', 'visual', 'materials']) assets[`common/${f}.xml`] = readFileSync(path.join(dir, 'common', `${f}.xml`), 'utf8');
  return { xml: readFileSync(path.join(dir, `${domain}.xml`), 'utf8'), assets };
}
