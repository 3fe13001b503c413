import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DreamerError, EnvError, VectorEnvError, VectorWorkerError, WrapperError } from '../../src/util/errors.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE_DIRS = ['src', 'agents', 'envs', 'bench'];

/** Every .ts file below `dir`, as paths relative to the repo root. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('the error module', () => {
  it('is the only file that defines an error class', () => {
    const elsewhere = SOURCE_DIRS.flatMap(sourceFiles)
      .filter((file) => file !== join('src', 'util', 'errors.ts'))
      .filter((file) => /class \w+ extends \w*Error\b/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(elsewhere).toEqual([]);
  });

  it('leaves a plain Error (or TypeError, RangeError) only where a comment says input cannot reach it', () => {
    const unmarked = SOURCE_DIRS.flatMap(sourceFiles).flatMap((file) => {
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
      return lines
        .map((line, i) => ({ line, before: lines[i - 1] ?? '', at: `${file}:${i + 1}` }))
        .filter(({ line, before }) => /throw new (Error|TypeError|RangeError)\(/.test(line) && !/Unreachable from input/.test(before))
        .map(({ at }) => at);
    });
    expect(unmarked).toEqual([]);
  });

  it('are exported from the package root as the errors namespace', async () => {
    const { errors } = await import('../../src/index.js');
    expect(errors.SpaceError).toBeDefined();
    expect(new errors.SpaceError('x')).toBeInstanceOf(DreamerError);
  });

  it('names each error after its class and keeps the tree', () => {
    const e = new VectorWorkerError(2, 'step', 'TypeError', 'boom');
    expect(e.name).toBe('VectorWorkerError');
    expect(e.message).toBe('sub-env 2 failed in step() inside its worker: TypeError: boom');
    expect(e).toBeInstanceOf(VectorEnvError);
    expect(e).toBeInstanceOf(EnvError);
    expect(new WrapperError('x')).toBeInstanceOf(EnvError);
    expect(new WrapperError('x')).toBeInstanceOf(DreamerError);
  });
});
