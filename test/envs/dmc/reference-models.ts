/** dm_control's original MJCF files from ../shared/dmc (reference data for parity tests; absent outside CI). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ModelAssets } from '../../../envs/dmc/physics.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/dmc');

/** Why the parity tests are skipped, or undefined when the reference files are there. */
export const referenceMissing: string | undefined = existsSync(path.join(DIR, 'cartpole.xml'))
  ? undefined
  : `dm_control's reference models are not at ${DIR}; the parity tests are skipped.`;

export function referenceModel(domain: string): { xml: string; assets: ModelAssets } {
  const assets: Record<string, string> = {};
  for (const f of ['skybox', 'visual', 'materials']) assets[`common/${f}.xml`] = readFileSync(path.join(DIR, 'common', `${f}.xml`), 'utf8');
  return { xml: readFileSync(path.join(DIR, `${domain}.xml`), 'utf8'), assets };
}
