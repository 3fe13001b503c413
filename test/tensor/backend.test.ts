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
      if (!tfNode) expect(describeBackend(auto)).toBe('backend: wasm (simd, 1 thread)');
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
    expect(child.stdout).toContain('backend: wasm (simd, 2 threads)');
    expect(result.info.threads).toBe(2);
    expect(result.product).toEqual([4, 5, 10, 11]); // [[1+3, 2+3], [4+6, 5+6]]
  });
});
