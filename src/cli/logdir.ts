import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../util/errors.js';

/**
 * Makes sure the run folder can be created and written before training starts. Node's recursive mkdir loops
 * forever on some paths (`/proc/x`), so the missing folders are made one level at a time from the nearest existing
 * parent, and a probe file is written into the folder. Any failure (EACCES, EPERM, EROFS, ENOENT, ENOTDIR, ENOSPC)
 * is a ConfigError naming the folder, the reason and the fix, raised before anything is written to a run.
 */
export function checkWritableLogdir(logdir: string): void {
  const target = path.resolve(logdir);
  const missing: string[] = [];
  let existing = target;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    existing = path.dirname(existing);
  }
  if (!statSync(existing).isDirectory()) {
    throw unwritable(logdir, `ENOTDIR: ${existing} is a file, not a folder`);
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      throw unwritable(logdir, reason(err, `cannot create ${dir} in ${path.dirname(dir)}`));
    }
  }
  const probe = path.join(target, `.dreamer-write-test-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    throw unwritable(logdir, reason(err, `cannot write into ${target}`));
  }
}

function reason(err: unknown, what: string): string {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return `${code}: ${what}`;
}

function unwritable(logdir: string, why: string): ConfigError {
  return new ConfigError(`cannot use the run folder ${logdir} (${why}). Pick another --logdir (run.logdir) or fix its permissions.`);
}
