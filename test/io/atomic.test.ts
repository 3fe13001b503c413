import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRunDir, writeFileAtomic } from '../../src/io/index.js';
import { ConfigError } from '../../src/util/errors.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'dreamer-atomic-'));

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temp files', () => {
    const dir = tempDir();
    const path = join(dir, 'weights.bin');
    writeFileAtomic(path, Uint8Array.from([1, 2, 3]));
    writeFileAtomic(path, 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['weights.bin']);
  });

  it('leaves the old file intact when the write is interrupted before the rename', () => {
    const dir = tempDir();
    const path = join(dir, 'checkpoint.json');
    writeFileSync(path, '{"step": 1}');
    let tempSeen = '';
    const crash = (temp: string): never => {
      tempSeen = readFileSync(temp, 'utf8'); // the new data is fully written to the temp file...
      throw new Error('simulated crash');
    };
    expect(() => writeFileAtomic(path, '{"step": 2}', { beforeRename: crash })).toThrow('simulated crash');
    expect(tempSeen).toBe('{"step": 2}');
    expect(readFileSync(path, 'utf8')).toBe('{"step": 1}'); // ...but the old file is what a reader sees
    expect(readdirSync(dir)).toEqual(['checkpoint.json']);
  });

  it('fails when the folder does not exist', () => {
    expect(() => writeFileAtomic(join(tempDir(), 'missing', 'x'), 'x')).toThrow(/ENOENT/);
  });
});

describe('ensureRunDir', () => {
  it('creates nested folders and explains a folder that cannot be made', () => {
    const dir = tempDir();
    ensureRunDir(join(dir, 'a', 'b'));
    expect(readdirSync(join(dir, 'a'))).toEqual(['b']);
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => ensureRunDir(join(dir, 'file', 'run'))).toThrow(ConfigError);
    expect(() => ensureRunDir(join(dir, 'file', 'run'))).toThrow(/cannot create the run folder .*file\/run \((ENOTDIR|EEXIST).*Pick another --logdir/);
  });
});
