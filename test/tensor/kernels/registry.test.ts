import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as names from '../../../src/tensor/kernels/names.js';
import { FUSED_OPS, registerKernels, WASM_KERNEL_FIXES } from '../../../src/tensor/kernels/register.js';

const OUR_PREFIX = 'Dreamer';
const ourNames = Object.values(names as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.startsWith(OUR_PREFIX));

describe('the kernel registry', () => {
  it('lists every Dreamer kernel registered on cpu and wasm, and each name of names.ts is one it registers', () => {
    registerKernels();
    const listed = FUSED_OPS.flatMap((op) => op.kernels.map((k) => `${k.backendName}:${k.kernelName}`));
    for (const backend of ['cpu', 'wasm']) {
      const registered = tf.getKernelsForBackend(backend).map((k) => k.kernelName).filter((n) => n.startsWith(OUR_PREFIX));
      expect(registered.sort()).toEqual(ourNames.slice().sort());
      for (const name of registered) expect(listed).toContain(`${backend}:${name}`);
    }
  });

  it('registers the gradient of every fused op with a backward kernel, and of the dense matMul', () => {
    registerKernels();
    for (const op of FUSED_OPS) for (const g of op.gradients) expect(tf.getGradient(g.kernelName)).toBe(g);
    expect(tf.getGradient(names.DENSE_GRADIENT_KERNEL)).toBeDefined();
  });

  it('names every wasm fix in names.ts and every kernel in the README table', () => {
    expect(WASM_KERNEL_FIXES.map((k) => k.kernelName).sort()).toEqual([...names.WASM_FIX_KERNELS].sort());
    const readme = readFileSync(new URL('../../../src/tensor/kernels/README.md', import.meta.url), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
    const named = new Set(rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1])));
    for (const name of [...ourNames, ...names.WASM_FIX_KERNELS, ...names.NATIVE_BLAS_KERNELS]) expect(named).toContain(name);
  });
});
