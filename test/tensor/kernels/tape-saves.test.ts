import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { setLightTapeSaves } from '../../../src/tensor/kernels/tape-saves.js';
import { GRUCell } from '../../../src/tensor/layers/gru.js';
import { MLP } from '../../../src/tensor/layers/mlp.js';
import { TensorRng } from '../../../src/tensor/random.js';

// The light tape saves (a handle on the same data instead of an Identity kernel + tape node per saved tensor)
// must give the same gradients, the same tensor bookkeeping and fewer kernels, on cpu and on wasm.

function model(seed: number): { mlp: MLP; gru: GRUCell } {
  const rng = new TensorRng(seed);
  return { mlp: new MLP(`mlp${seed}`, 6, [16, 16], 5, { rng }), gru: new GRUCell(`gru${seed}`, 5, 8, { resetAfter: true, rng }) };
}

/** Loss of a short GRU unroll over MLP features; the gradients of every variable, as arrays. */
function gradients(m: { mlp: MLP; gru: GRUCell }): Float32Array[] {
  return tf.tidy(() => {
    const vars = [...m.mlp.variableList(), ...m.gru.variableList()];
    const x = tf.randomNormal([4, 3, 6], 0, 1, 'float32', 7);
    const { grads } = tf.variableGrads(() => {
      let h: tf.Tensor = tf.zeros([4, 8]);
      for (let t = 0; t < 3; t += 1) {
        const feat = tf.elu(m.mlp.apply(tf.squeeze(tf.slice(x, [0, t, 0], [4, 1, 6]), [1])));
        h = m.gru.apply(feat, h);
      }
      return tf.mean(tf.square(h)) as tf.Scalar;
    }, vars);
    return vars.map((v) => grads[v.name].dataSync() as Float32Array).map((a) => a.slice());
  });
}

/** How many times the Identity kernel of the active backend runs during `fn`. */
function countIdentityKernels(fn: () => unknown): number {
  const config = tf.getKernel(tf.Identity, tf.getBackend())!;
  let count = 0;
  tf.unregisterKernel(tf.Identity, config.backendName);
  tf.registerKernel({ ...config, kernelFunc: (args) => { count += 1; return config.kernelFunc(args); } });
  try {
    fn();
  } finally {
    tf.unregisterKernel(tf.Identity, config.backendName);
    tf.registerKernel(config);
  }
  return count;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`light tape saves on ${backend}`, () => {
    let previous = false;
    beforeAll(async () => {
      await initBackend(backend, { threads: 1, quiet: true, nativeBlas: 'off' });
      previous = setLightTapeSaves(true);
    });
    afterAll(() => void setLightTapeSaves(previous));

    it('give the same gradients as the engine’s clones, with fewer Identity kernels', () => {
      const m = model(3);
      setLightTapeSaves(false);
      const stock = gradients(m);
      const stockIdentities = countIdentityKernels(() => gradients(m));
      setLightTapeSaves(true);
      const light = gradients(m);
      const lightIdentities = countIdentityKernels(() => gradients(m));
      light.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(stock[i])));
      expect(stockIdentities).toBeGreaterThanOrEqual(40); // one per saved tensor of the 3-step unroll
      expect(lightIdentities).toBe(0);
    });

    it('leak nothing: tensors, data buffers and bytes are flat over repeated gradient steps', () => {
      const m = model(5);
      gradients(m);
      const before = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
      for (let i = 0; i < 20; i += 1) gradients(m);
      const after = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
      expect(after.numTensors).toBe(before.numTensors);
      expect(after.numDataBuffers).toBe(before.numDataBuffers);
      expect(after.numBytes).toBe(before.numBytes);
    });

    it('keep a saved input alive after the caller disposes it', () => {
      const x = tf.variable(tf.tensor1d([0.5, -1, 2]));
      const { value, grads } = tf.variableGrads(() => {
        const y = tf.exp(x); // Exp saves its output for the gradient
        const z = tf.sum(tf.mul(y, tf.scalar(2)));
        y.dispose(); // the tape's handle must still hold y's data
        return z as tf.Scalar;
      }, [x]);
      expect(Array.from(grads[x.name].dataSync())).toEqual(Array.from(tf.mul(tf.exp(x), 2).dataSync()));
      tf.dispose([value, grads[x.name], x]);
    });
  });
}
