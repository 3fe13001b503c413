import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci && npm test` must pass from a fresh clone: no test may read data from outside the repository (such as
 * a sibling ../shared checkout). Data the tests compare against lives under test/fixtures. The one exception is
 * dm_control's MJCF files (../shared/dmc), which the project may not copy: their parity tests skip without them.
 */
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const TEST_DIR = path.join(REPO_ROOT, 'test');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'fixtures' ? [] : sourceFiles(full);
    return /\.[cm]?[jt]s$/.test(name) ? [full] : [];
  });
}

describe('the test suite is self-contained', () => {
  it('no test file points at a folder beside the repository', () => {
    const outside = sourceFiles(TEST_DIR).filter((f) => /['"`](?:\.\.\/)+shared\b(?!\/dmc['"`])|\/work\/shared\b/.test(readFileSync(f, 'utf8')));
    expect(outside.map((f) => path.relative(REPO_ROOT, f))).toEqual([]);
  });

  it('the docs and README name no file outside the repository', () => {
    const pages = [path.join(REPO_ROOT, 'README.md'), ...readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(REPO_ROOT, 'docs', f))];
    const outside = pages.filter((f) => /\/work\/|\.\.\/shared\//.test(readFileSync(f, 'utf8')));
    expect(outside.map((f) => path.relative(REPO_ROOT, f))).toEqual([]);
  });

  it('the Gymnasium golden trajectories are committed under test/fixtures/golden', () => {
    for (const id of ['CartPole-v1', 'Pendulum-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Acrobot-v1']) {
      const file = path.join(TEST_DIR, 'fixtures', 'golden', `${id}.json`);
      expect(existsSync(file), file).toBe(true);
      expect((JSON.parse(readFileSync(file, 'utf8')) as { env_id: string }).env_id).toBe(id);
    }
  });
});
