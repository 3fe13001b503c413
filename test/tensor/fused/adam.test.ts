import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/tensor/backend.js';
import { setFusedKernelsEnabled } from '../../../src/tensor/kernels/fused/active.js';
import { fusedGlobalNorm } from '../../../src/tensor/kernels/fused/adam.js';
import { ADAM_UPDATE_KERNEL, GLOBAL_NORM_KERNEL } from '../../../src/tensor/kernels/names.js';
import { Adam, type AdamOptions, type AdamState } from '../../../src/tensor/optim/adam.js';
import { Data, relativeError, TOLERANCE } from '../kernels/compare.js';
import { BACKENDS, type Backend, expectSame, tensorGrowth } from './helpers.js';

const data = new Data(2024);
/** Variable shapes: scalars-as-[1], a row, a matrix, a bias. */
const SHAPES = [[1], [1, 4], [6, 5], [5]];
const STEPS = 4;

beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'off' });
});

/** A loss with a different gradient per element and per step: Σ c ⊙ w² + Σ sin(3w). */
function lossOf(vars: tf.Variable[], coefficients: tf.Tensor[]): () => tf.Scalar {
  return () => tf.addN(vars.map((w, i) => tf.add(tf.sum(tf.mul(coefficients[i], tf.square(w))), tf.sum(tf.sin(tf.mul(w, 3)))))) as tf.Scalar;
}

interface Trace {
  params: Float32Array[];
  state: AdamState;
  results: number[];
}

/** STEPS Adam steps from the same start on `backend`, fused kernels on or off. */
function train(backend: Backend, fused: boolean, options: AdamOptions, seed: number): Trace {
  const previousFused = setFusedKernelsEnabled(fused);
  const previousBackend = tf.getBackend();
  tf.setBackend(backend);
  const start = new Data(seed);
  const init = SHAPES.map((s) => start.normal(s));
  const coefs = SHAPES.map((s) => start.normal(s));
  try {
    const vars = init.map((i, k) => tf.variable(tf.tensor(i.values, i.shape), true, `w${seed}_${k}_${fused}_${backend}`));
    const coefficients = coefs.map((c) => tf.tensor(c.values, c.shape));
    const opt = new Adam('test', new Map(vars.map((v, k) => [`w${k}`, v])), options);
    const results: number[] = [];
    for (let i = 0; i < STEPS; i += 1) {
      const r = opt.minimize(lossOf(vars, coefficients));
      results.push(r.loss, r.gradNorm);
    }
    const trace = { params: vars.map((v) => Float32Array.from(v.dataSync())), state: opt.getState(), results };
    opt.dispose();
    tf.dispose([...vars, ...coefficients]);
    return trace;
  } finally {
    tf.setBackend(previousBackend);
    setFusedKernelsEnabled(previousFused);
  }
}

function expectSameTrace(got: Trace, want: Trace): void {
  got.params.forEach((p, i) => expect(relativeError(p, want.params[i]), `param ${i}`).toBeLessThanOrEqual(TOLERANCE));
  for (const key of ['m', 'v'] as const) {
    for (const [name, values] of want.state[key]) {
      expect(relativeError(got.state[key].get(name) as Float32Array, values), `${key} of ${name}`).toBeLessThanOrEqual(TOLERANCE);
    }
  }
  expect(got.state.step).toBe(want.state.step);
  expect(relativeError(Float32Array.from(got.results), Float32Array.from(want.results))).toBeLessThanOrEqual(TOLERANCE);
}

describe('fused Adam equals the composite update', () => {
  const cases: { name: string; options: AdamOptions }[] = [
    { name: 'no clip', options: { lr: 0.05, eps: 1e-5 } },
    { name: 'global-norm clip active', options: { lr: 0.05, eps: 1e-5, clip: 0.5 } },
    { name: 'clip inactive, other betas', options: { lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-8, clip: 1e4 } },
    { name: 'weight decay and AGC', options: { lr: 0.05, eps: 1e-5, weightDecay: 0.1, agc: 0.3 } },
  ];
  for (const backend of BACKENDS) {
    for (const [k, { name, options }] of cases.entries()) {
      it(`${backend}, ${name}: parameters, moments, losses and grad norms after ${STEPS} steps`, () => {
        expectSameTrace(train(backend, true, options, 10 + k), train(backend, false, options, 10 + k));
        expectSameTrace(train(backend, true, options, 10 + k), train('cpu', false, options, 10 + k));
      });
    }
  }

  it('the clip really engages in the clipped case (the reference differs from an unclipped run)', () => {
    const clipped = train('cpu', true, { lr: 0.05, eps: 1e-5, clip: 0.5 }, 11);
    const free = train('cpu', true, { lr: 0.05, eps: 1e-5 }, 11);
    expect(relativeError(clipped.params[2], free.params[2])).toBeGreaterThan(1e-3);
  });
});

describe('fused global norm', () => {
  for (const backend of BACKENDS) {
    it(`${backend}: equals sqrt(Σ Σ x²) of the composite ops`, () => {
      const inputs = [[1], [3, 4], [7], [2, 3, 2]].map((s) => data.normal(s));
      const reference = (...xs: tf.Tensor[]): tf.Tensor => tf.sqrt(tf.addN(xs.map((x) => tf.sum(tf.square(x)))));
      expectSame(backend, (...xs) => fusedGlobalNorm(xs), reference, inputs);
    });
  }
});

describe('fused Adam kernels: count and leaks', () => {
  for (const backend of BACKENDS) {
    it(`${backend}: one update kernel per variable and one norm kernel per step`, async () => {
      tf.setBackend(backend);
      const vars = SHAPES.map((s) => tf.variable(tf.ones(s)));
      const opt = new Adam('count', new Map(vars.map((v, k) => [`w${k}`, v])), { lr: 0.1, clip: 1 });
      const { kernelNames, kernels } = await tf.profile(() => void opt.minimize(() => tf.addN(vars.map((v) => tf.sum(tf.square(v)))) as tf.Scalar));
      expect(kernelNames).toContain(GLOBAL_NORM_KERNEL);
      expect(kernels.filter((k) => k.name === ADAM_UPDATE_KERNEL)).toHaveLength(SHAPES.length);
      opt.dispose();
      tf.dispose(vars);
    });

    it(`${backend}: numTensors flat over repeated minimize calls`, () => {
      const vars = SHAPES.map((s) => tf.variable(tf.ones(s)));
      const opt = new Adam('leak', new Map(vars.map((v, k) => [`w${k}`, v])), { lr: 0.1, clip: 1 });
      const loss = (): tf.Scalar => tf.addN(vars.map((v) => tf.sum(tf.square(v)))) as tf.Scalar;
      expect(tensorGrowth(backend, () => opt.minimize(loss))).toBe(0);
      opt.dispose();
      tf.dispose(vars);
    });
  }
});
