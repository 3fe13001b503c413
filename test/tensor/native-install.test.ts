/**
 * native/install.mjs (the `install` script `npm ci` runs): where the addon cannot be built it must exit 0 (never
 * failing `npm ci`), leave no addon, and record why, which the run's first line then prints.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findAddon } from '../../src/tensor/kernels/native-blas.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];

/** A copy of native/ (sources and the script, no build) in a temp folder, and an empty PATH folder. */
function copyOfNative(): { native: string; emptyBin: string } {
  const dir = mkdtempSync(join(os.tmpdir(), 'dreamer-native-install-'));
  dirs.push(dir);
  const native = join(dir, 'native');
  cpSync(join(ROOT, 'native'), native, { recursive: true, filter: (src) => !src.includes(join('native', 'build')) });
  const emptyBin = join(dir, 'bin');
  mkdirSync(emptyBin);
  return { native, emptyBin };
}

function install(native: string, env: NodeJS.ProcessEnv): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, [join(native, 'install.mjs')], { encoding: 'utf8', timeout: 60_000, env });
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('native/install.mjs falls back to wasm without failing the install', () => {
  it('without a C++ compiler: exit 0, no addon, the reason recorded', () => {
    const { native, emptyBin } = copyOfNative();
    const run = install(native, { PATH: emptyBin, CXX: '' });
    expect(run.status, String(run.stderr)).toBe(0);
    expect(existsSync(join(native, 'build', 'Release', 'dreamer_blas.node'))).toBe(false);
    const status = JSON.parse(readFileSync(join(native, 'build', 'install-status.json'), 'utf8')) as { built: boolean; reason: string };
    expect(status.built).toBe(false);
    expect(status.reason).toMatch(/no C\+\+ compiler/);
    expect(String(run.stdout)).toMatch(/native addon not built .*runs use wasm/);
  });

  it('with DREAMER_SKIP_NATIVE set: exit 0 and says it was skipped', () => {
    const { native } = copyOfNative();
    const run = install(native, { ...process.env, DREAMER_SKIP_NATIVE: '1' });
    expect(run.status, String(run.stderr)).toBe(0);
    const status = JSON.parse(readFileSync(join(native, 'build', 'install-status.json'), 'utf8')) as { reason: string };
    expect(status.reason).toMatch(/DREAMER_SKIP_NATIVE/);
  });
});

describe.skipIf(!findAddon())('an addon built on another CPU (-march=native code) is not loaded', () => {
  it('stays on wasm and says to rebuild, instead of risking an illegal instruction', () => {
    // A package root of our own: src/ and the built addon copied, its install record naming another CPU.
    const dir = mkdtempSync(join(os.tmpdir(), 'dreamer-native-cpu-'));
    dirs.push(dir);
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    mkdirSync(join(dir, 'native', 'build', 'Release'), { recursive: true });
    cpSync(findAddon()!, join(dir, 'native', 'build', 'Release', 'dreamer_blas.node'));
    writeFileSync(join(dir, 'native', 'build', 'install-status.json'), JSON.stringify({ built: true, cpu: 'Another CPU 9000' }));
    const script = `import { loadAddon, addonUnavailableReason } from ${JSON.stringify(join(dir, 'src/tensor/kernels/native-blas.ts'))};\n` +
      `console.log(JSON.stringify({ loaded: loadAddon() !== undefined, reason: addonUnavailableReason() }));`;
    const env = { ...process.env };
    delete env.DREAMER_NATIVE_BLAS;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { loaded: boolean; reason: string };
    expect(result.loaded).toBe(false);
    expect(result.reason).toMatch(/built for another CPU \(Another CPU 9000\).*npm run build:native/);
  });
});
