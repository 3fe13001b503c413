import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { describeBackend, initBackend, type BackendChoice } from '../../src/tensor/backend.js';
import { BackendError } from '../../src/util/errors.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

async function importable(pkg: string): Promise<boolean> {
  try {
    await import(pkg);
    return true;
  } catch {
    return false;
  }
}

describe('initBackend', () => {
  it('rejects an unknown backend name with the list of choices', () => {
    expect(() => initBackend('gpu' as BackendChoice)).toThrow(BackendError);
    expect(() => initBackend('gpu' as BackendChoice)).toThrow(/auto, tensorflow, wasm, cpu/);
  });

  it('names how to install tfjs-node-gpu when "tensorflow" is requested but not installed', async (ctx) => {
    if ((await importable('@tensorflow/tfjs-node-gpu')) || (await importable('@tensorflow/tfjs-node'))) {
      ctx.skip('tfjs-node is installed here, so the tensorflow backend is available');
    }
    const failure = initBackend('tensorflow', { quiet: true });
    await expect(failure).rejects.toBeInstanceOf(BackendError);
    await expect(failure).rejects.toThrow(/npm install @tensorflow\/tfjs-node-gpu/);
  });

  it('selects cpu on request, then wasm for auto (tfjs-node absent), and prints the choice', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const cpu = await initBackend('cpu');
      expect(cpu).toEqual({ backend: 'cpu', threads: 1 });
      expect(tf.getBackend()).toBe('cpu');
      const auto = await initBackend('auto', { threads: 1, nativeBlas: 'off' });
      const tfNode = (await importable('@tensorflow/tfjs-node-gpu')) || (await importable('@tensorflow/tfjs-node'));
      expect(auto.backend).toBe(tfNode ? 'tensorflow' : 'wasm');
      expect(tf.getBackend()).toBe(auto.backend);
      expect(log.mock.calls.map((c) => String(c[0]))).toEqual(['backend: cpu (1 thread)', describeBackend(auto)]);
      if (!tfNode) expect(describeBackend(auto)).toBe('backend: wasm (simd, 1 thread; native addon off: native_blas=off; see docs/backends.md)');
    } finally {
      log.mockRestore();
    }
  });

  it('is idempotent: the same request returns the same result without re-initialising', async () => {
    const first = initBackend('wasm', { threads: 1, quiet: true });
    const second = initBackend('wasm', { threads: 1, quiet: true });
    expect(second).toBe(first);
    expect((await first).backend).toBe('wasm');
  });
});

describe('the first line says which path runs', () => {
  it('names the native addon, its GEMM and its threads when it runs', () => {
    expect(describeBackend({ backend: 'wasm', threads: 1, simd: true, nativeBlas: 'own GEMM, AVX-512', blasThreads: 2 }))
      .toBe('backend: wasm + native addon (own GEMM, AVX-512), 2 threads');
  });

  it('says why the native addon is not used, and where to read more (child process: the addon is loaded once)', () => {
    const missing = join(os.tmpdir(), 'no-such-dreamer-addon.node');
    const script = `import { initBackend } from ${JSON.stringify(join(ROOT, 'src/tensor/backend.ts'))};\n` +
      `await initBackend('wasm', { threads: 1 });\n`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, DREAMER_NATIVE_BLAS: missing },
    });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout.trim()).toBe(`backend: wasm (simd, 1 thread; DREAMER_NATIVE_BLAS names ${missing}, ` +
      'which does not exist; see docs/backends.md)');
  });
});

describe('wasm with two threads (child process: the thread pool is fixed per process)', () => {
  it('runs XNNPACK on 2 threads in Node, computes the same matMul, and lets the process exit', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'dreamer-threads-test-'));
    const script = join(dir, 'threads.mts');
    const backendModule = JSON.stringify(join(ROOT, 'src/tensor/backend.ts'));
    writeFileSync(script, [
      `import * as tf from ${JSON.stringify(require.resolve('@tensorflow/tfjs'))};`,
      `import { initBackend } from ${backendModule};`,
      `const info = await initBackend('wasm', { threads: 2, nativeBlas: 'off' });`,
      `const a = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);`,
      `const b = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);`,
      `console.log('RESULT ' + JSON.stringify({ info, product: Array.from(tf.matMul(a, b).dataSync()) }));`,
    ].join('\n'));
    // No process.exit in the script: it must end by itself although the pthread workers keep running.
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(child.status, child.stderr).toBe(0);
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    const result = JSON.parse(line!.slice('RESULT '.length)) as { info: { threads: number }; product: number[] };
    expect(child.stdout).toContain('backend: wasm (simd, 2 threads; native addon off');
    expect(result.info.threads).toBe(2);
    expect(result.product).toEqual([4, 5, 10, 11]); // [[1+3, 2+3], [4+6, 5+6]]
  });
});
