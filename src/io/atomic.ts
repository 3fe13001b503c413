import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Hooks that let tests simulate a crash between writing the temp file and renaming it. */
export interface AtomicWriteHooks {
  beforeRename?: (tempPath: string) => void;
}

const TEMP_SUFFIX_BYTES = 6;

/**
 * Writes `data` to `path` so that a reader sees either the old file or the complete new one, never a mix:
 * write a temp file in the same folder, fsync it, rename it over `path`, fsync the folder (so the rename itself
 * survives a power cut). On failure the temp file is removed and the old file is left untouched.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, hooks: AtomicWriteHooks = {}): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(TEMP_SUFFIX_BYTES).toString('hex')}.tmp`);
  try {
    writeAndSync(tempPath, bytes);
    hooks.beforeRename?.(tempPath);
    renameSync(tempPath, path);
  } catch (err) {
    rmSync(tempPath, { force: true });
    throw err;
  }
  syncDirectory(dirname(path));
}

/** Writes a new file (fails if it exists) and fsyncs it before closing: the bytes are on disk when this returns. */
export function writeAndSync(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'wx');
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync of a folder makes a rename durable; some platforms (Windows) cannot open folders, which is harmless. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported on this platform: the rename is still atomic, only its durability is weaker.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
