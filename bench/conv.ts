/**
 * `dreamer bench conv`: each kernel of the pixel workload (bench/cnn.ts) on its own, at the workload's shapes: the
 * four convolutions [N, 64, 64, 3] → [N, 32, 32, 32] → … → [N, 4, 4, 256] (kernel 4, stride 2, 'same'), each used by
 * one encoder stage and, transposed, by one decoder stage, through their three kernels: Conv2D (encoder forward,
 * decoder backward to its input), Conv2DBackpropInput (encoder backward, decoder forward = conv2dTranspose) and
 * Conv2DBackpropFilter (both backward); and the channel LayerNorm at each stage's output. Prints ms per call
 * (median of --reps) and GFLOP/s (2 · multiply-adds).
 */
import * as tf from '@tensorflow/tfjs';
import { describeBackend, initBackend, type BackendChoice } from '../src/tensor/backend.js';
import { LayerNorm } from '../src/tensor/layers/norm.js';
import { restoreStockWasmKernels } from '../src/tensor/kernels/register.js';
import { conv2DBackpropFilterWasm } from '../src/tensor/kernels/conv2d-backprop-filter.js';
import { conv2DBackpropInputWasm } from '../src/tensor/kernels/conv2d-backprop-input.js';
import { saveStockKernel } from '../src/tensor/kernels/stock.js';
import { TensorRng } from '../src/tensor/random.js';
import type { Bench } from './bench.js';
import { CNN_CFG } from './cnn.js';

interface ConvShape {
  /** input side and channels, output channels */
  size: number;
  inC: number;
  outC: number;
}

/** The workload's four convolutions at depth `d` (stride 2 halves the side). */
export function workloadConvs(d: number): ConvShape[] {
  return [
    { size: 64, inC: 3, outC: d },
    { size: 32, inC: d, outC: 2 * d },
    { size: 16, inC: 2 * d, outC: 4 * d },
    { size: 8, inC: 4 * d, outC: 8 * d },
  ];
}

export interface KernelTiming {
  kernel: string;
  shape: string;
  ms: number;
  gflops: number | null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median ms of `fn` (its outputs disposed) over `reps` calls after one warm-up. */
function timeIt(fn: () => tf.Tensor | tf.Tensor[], reps: number): number {
  const run = (): number => {
    const t0 = performance.now();
    const out = fn();
    const outs = Array.isArray(out) ? out : [out];
    outs[0].dataSync(); // wait for the kernel (wasm is synchronous; this also covers async backends)
    const ms = performance.now() - t0;
    tf.dispose(outs);
    return ms;
  };
  run();
  return median(Array.from({ length: reps }, run));
}

/** Time the three conv kernels and the channel LayerNorm for every workload shape at `batch`. */
export function timeWorkloadKernels(batch: number, depth: number, reps: number): KernelTiming[] {
  const rng = new TensorRng(3);
  const rows: KernelTiming[] = [];
  const k = CNN_CFG.kernel;
  const conv: tf.NamedAttrMap = { strides: CNN_CFG.stride, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
  for (const c of workloadConvs(depth)) {
    const out = c.size / CNN_CFG.stride;
    const xShape = [batch, c.size, c.size, c.inC];
    const filterShape = [k, k, c.inC, c.outC];
    const x = rng.uniform(xShape, -1, 1);
    const filter = rng.uniform(filterShape, -0.1, 0.1);
    const dy = rng.uniform([batch, out, out, c.outC], -1, 1);
    const flop = 2 * batch * out * out * k * k * c.inC * c.outC;
    const shape = `[${xShape}] ↔ [${dy.shape}]`;
    const gflops = (ms: number): number => Math.round(flop / ms / 1e5) / 10;
    const run = (name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap): void => {
      const ms = timeIt(() => tf.engine().runKernel(name, inputs, attrs) as tf.Tensor, reps);
      rows.push({ kernel: name, shape, ms: Math.round(ms * 100) / 100, gflops: gflops(ms) });
    };
    run(tf.Conv2D, { x, filter }, conv);
    run(tf.Conv2DBackpropInput, { dy, filter }, { ...conv, inputShape: xShape });
    run(tf.Conv2DBackpropFilter, { x, dy }, { ...conv, filterShape });
    const norm = new LayerNorm('norm', c.outC);
    const y = rng.normal(dy.shape);
    const fwd = timeIt(() => norm.apply(y), reps);
    const both = timeIt(() => tf.tidy(() => tf.grads((v: tf.Tensor) => tf.sum(tf.mul(norm.apply(v), dy)))([y])), reps);
    rows.push({ kernel: 'LayerNorm (channels) fwd', shape: `[${dy.shape}]`, ms: Math.round(fwd * 100) / 100, gflops: null });
    rows.push({ kernel: 'LayerNorm (channels) fwd+bwd', shape: `[${dy.shape}]`, ms: Math.round(both * 100) / 100, gflops: null });
    norm.dispose();
    tf.dispose([x, filter, dy, y]);
  }
  return rows;
}

/** The kernels to put beside the registered one in `--compare`, by kernel name. */
function alternatives(name: string): [string, tf.KernelConfig | undefined][] {
  const stock: [string, tf.KernelConfig | undefined] = ['stock', saveStockKernel(name)];
  if (name === tf.Conv2DBackpropInput) return [stock, ['wasm (XNNPACK + col2im)', conv2DBackpropInputWasm]];
  if (name === tf.Conv2DBackpropFilter) return [['wasm (im2col + XNNPACK)', conv2DBackpropFilterWasm]];
  return [stock];
}

/**
 * The registered kernel and its alternatives, called in turn `reps` times each (so that a shared machine's load
 * falls on all of them alike): median ms of each, by shape.
 */
export function compareWorkloadKernels(batch: number, depth: number, reps: number): string[] {
  const rng = new TensorRng(5);
  const k = CNN_CFG.kernel;
  const conv: tf.NamedAttrMap = { strides: CNN_CFG.stride, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
  const backend = tf.backend();
  const lines: string[] = [];
  for (const c of workloadConvs(depth)) {
    const out = c.size / CNN_CFG.stride;
    const xShape = [batch, c.size, c.size, c.inC];
    const filterShape = [k, k, c.inC, c.outC];
    const x = rng.uniform(xShape, -1, 1);
    const filter = rng.uniform(filterShape, -0.1, 0.1);
    const dy = rng.uniform([batch, out, out, c.outC], -1, 1);
    const calls: [string, tf.NamedTensorMap, tf.NamedAttrMap][] = [
      [tf.Conv2D, { x, filter }, conv],
      [tf.Conv2DBackpropInput, { dy, filter }, { ...conv, inputShape: xShape }],
      [tf.Conv2DBackpropFilter, { x, dy }, { ...conv, filterShape }],
    ];
    for (const [name, inputs, attrs] of calls) {
      const configs = [['registered', tf.getKernel(name, tf.getBackend())], ...alternatives(name)]
        .filter((e): e is [string, tf.KernelConfig] => e[1] !== undefined);
      const times = configs.map(() => [] as number[]);
      for (let r = 0; r <= reps; r++) {
        configs.forEach(([, config], i) => {
          const t0 = performance.now();
          const result = config.kernelFunc({ inputs, backend, attrs });
          const ms = performance.now() - t0;
          for (const t of Array.isArray(result) ? result : [result]) backend.disposeData(t.dataId);
          if (r > 0) times[i].push(ms); // the first round warms up
        });
      }
      lines.push(`${name.padEnd(22)} [${xShape}] ` + configs.map(([label], i) => `${label} ${median(times[i]).toFixed(2)} ms`).join(' | '));
    }
    tf.dispose([x, filter, dy]);
  }
  return lines;
}

export const convBench: Bench = {
  name: 'conv',
  describe:
    'the pixel workload kernel by kernel (Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter, channel LayerNorm at its shapes): ms and GFLOP/s (--batch, --threads, --native-blas off, --stock; --compare: the registered kernel beside the stock and wasm ones, in turn)',
  async run(args) {
    const info = await initBackend(String(args.backend ?? 'auto') as BackendChoice, {
      threads: args.threads === undefined ? undefined : Number(args.threads),
      nativeBlas: args.nativeBlas === 'off' || args['native-blas'] === 'off' ? 'off' : 'auto',
      quiet: true,
    });
    // --stock: tfjs's own wasm kernels (kernels wasm lacks, like Conv2DBackpropFilter, are then missing)
    if (args.stock && info.backend === 'wasm') restoreStockWasmKernels();
    const batch = Number(args.batch ?? 64);
    const depth = Number(args.depth ?? CNN_CFG.depth);
    const reps = Number(args.reps ?? 5);
    console.log(`${describeBackend(info)}${args.stock ? ', stock kernels' : ''}; batch ${batch}, depth ${depth}, median of ${reps}`);
    if (args.compare) {
      for (const line of compareWorkloadKernels(batch, depth, reps)) console.log(line);
      return;
    }
    const rows = timeWorkloadKernels(batch, depth, reps);
    for (const r of rows) {
      console.log(`${r.kernel.padEnd(30)} ${r.shape.padEnd(36)} ${r.ms.toFixed(2).padStart(9)} ms` +
        (r.gflops === null ? '' : ` ${r.gflops.toFixed(1).padStart(7)} GFLOP/s`));
    }
    if (args.json) console.log(JSON.stringify({ backend: info.backend, native: info.nativeBlas ?? null, threads: info.blasThreads ?? info.threads, batch, rows }));
  },
};
