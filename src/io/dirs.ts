import { mkdirSync } from 'node:fs';
import { ConfigError } from '../util/errors.js';

/**
 * Creates a run folder (and its parents). A folder that cannot be made (no permission, a file in the way, a full
 * disk) is a user error: the message names the folder, the reason, and the fix.
 */
export function ensureRunDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`cannot create the run folder ${dir} (${code}: ${(err as Error).message}). Pick another --logdir (run.logdir) or fix its permissions.`);
  }
}
