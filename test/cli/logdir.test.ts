import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `train --logdir` on a folder that cannot be made or written exits 2 with a message, before anything runs. The
 * compiled CLI runs in a child with a timeout: Node's recursive mkdir spins forever on /proc/x, and a test must
 * not hang with it. Needs `npm run build`.
 */
const CLI = resolve(import.meta.dirname, '../../bin/dreamer.js');
const NOBODY = 65534;

function train(logdir: string, opts: SpawnSyncOptions = {}): { code: number | null; err: string } {
  const r = spawnSync(process.execPath, [CLI, 'train', '--logdir', logdir, 'agent.kind=random', 'run.steps=10'], {
    cwd: tmpdir(), encoding: 'utf8', timeout: 30_000, ...opts,
  });
  return { code: r.status, err: String(r.stderr) };
}

/** Runs as an unprivileged user when we are root (root may write anywhere); as ourselves otherwise. */
const unprivileged: SpawnSyncOptions = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};

describe('an unwritable --logdir is a usage error (exit 2), never a hang', () => {
  it('ENOENT: a folder under /proc', () => {
    const r = train('/proc/dreamer-test-run');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot use the run folder \/proc\/dreamer-test-run \(ENOENT: cannot create \/proc\/dreamer-test-run in \/proc\)\. Pick another --logdir/);
  });

  it('ENOTDIR: a file where a parent folder should be', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logdir-')), 'a-file');
    writeFileSync(file, '');
    const r = train(join(file, 'run'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\(ENOTDIR: .*a-file is a file, not a folder\)/);
  });

  it('EACCES: a parent without write permission, and an existing run folder without it', () => {
    const parent = mkdtempSync(join(tmpdir(), 'logdir-ro-'));
    chmodSync(parent, 0o555);
    const r = train(join(parent, 'run'), unprivileged);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\((EACCES|EPERM): cannot create .*run in .*logdir-ro-\w+\)/);
    expect(existsSync(join(parent, 'run'))).toBe(false);
    const existing = train(parent, unprivileged);
    expect(existing.code).toBe(2);
    expect(existing.err).toMatch(/\((EACCES|EPERM): cannot write into .*logdir-ro-\w+\)/);
    expect(readdirSync(parent)).toEqual([]);
  });
});
