/**
 * One fused kernel, two backends. A fused kernel is written once as a loop over Float32Arrays (`compute`); this
 * adapter runs it on the cpu backend (its tensors are plain arrays) and on wasm (its tensors live in the
 * Emscripten heap: inputs and outputs are views of the heap, so nothing is copied in or out).
 */
import * as tf from '@tensorflow/tfjs';
import { elementOffset, heapF32, type WasmBackend } from '../wasm-heap.js';
import { BackendError } from '../../../util/errors.js';

/** The backends whose tensors the adapter can read as arrays. */
export const ARRAY_BACKENDS = ['cpu', 'wasm'] as const;

/** What a fused kernel is made of: its inputs, its output shapes and the loop that computes them. */
export interface ArrayKernelSpec {
  kernelName: string;
  /** The input names in the order `compute` receives them; a function for a variable number of inputs. */
  inputNames: readonly string[] | ((inputs: tf.NamedTensorInfoMap) => string[]);
  /** Shapes of the outputs, from the input shapes (in `inputNames` order) and the attributes. */
  outputShapes(inputShapes: number[][], attrs: tf.NamedAttrMap): number[][];
  /** Fills `outputs` (fresh, zeroed on cpu, uninitialised on wasm) from `inputs`; never writes into `inputs`. */
  compute(inputs: Float32Array[], outputs: Float32Array[], attrs: tf.NamedAttrMap, inputShapes: number[][]): void;
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** The part of the cpu backend (tfjs-backend-cpu's MathBackendCPU) the adapter uses. */
interface CpuBackend {
  readSync(dataId: object): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function orderedInputs(spec: ArrayKernelSpec, inputs: tf.NamedTensorInfoMap): tf.TensorInfo[] {
  const names = typeof spec.inputNames === 'function' ? spec.inputNames(inputs) : spec.inputNames;
  return names.map((name) => {
    const t = inputs[name];
    // Unreachable from input: each kernel is run only by its op function in this folder, which names every input.
    if (!t) throw new Error(`${spec.kernelName}: missing input "${name}"`);
    if (t.dtype !== 'float32') {
      throw new BackendError(`${spec.kernelName}: input "${name}" is ${t.dtype}; the fused kernels take float32: cast it with tf.cast(x, 'float32')`);
    }
    return t;
  });
}

/** A single output is returned as a TensorInfo, several as an array (what the engine expects of each). */
function result(outputs: tf.TensorInfo[]): tf.TensorInfo | tf.TensorInfo[] {
  return outputs.length === 1 ? outputs[0] : outputs;
}

function cpuKernel(spec: ArrayKernelSpec): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const attrs = args.attrs ?? {};
    const ins = orderedInputs(spec, args.inputs);
    const inShapes = ins.map((t) => t.shape);
    const shapes = spec.outputShapes(inShapes, attrs);
    const outs = shapes.map((s) => new Float32Array(tf.util.sizeFromShape(s)));
    spec.compute(ins.map((t) => backend.readSync(t.dataId) as Float32Array), outs, attrs, inShapes);
    return result(outs.map((values, i) => backend.makeTensorInfo(shapes[i], 'float32', values)));
  }) as unknown as tf.KernelFunc;
}

function wasmKernel(spec: ArrayKernelSpec): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const backend = args.backend as WasmBackend;
    const attrs = args.attrs ?? {};
    const ins = orderedInputs(spec, args.inputs);
    const inShapes = ins.map((t) => t.shape);
    const shapes = spec.outputShapes(inShapes, attrs);
    const outs = shapes.map((s) => backend.makeOutput(s, 'float32'));
    // Views are taken after every allocation: a heap growth detaches views made before it.
    const heap = heapF32(backend);
    const view = (t: tf.TensorInfo): Float32Array => {
      const start = elementOffset(backend, t);
      return heap.subarray(start, start + tf.util.sizeFromShape(t.shape));
    };
    spec.compute(ins.map(view), outs.map(view), attrs, inShapes);
    return result(outs);
  }) as unknown as tf.KernelFunc;
}

/** The kernel configs of `spec` for every backend in `ARRAY_BACKENDS`. */
export function arrayKernelConfigs(spec: ArrayKernelSpec): tf.KernelConfig[] {
  return [
    { kernelName: spec.kernelName, backendName: 'cpu', kernelFunc: cpuKernel(spec) },
    { kernelName: spec.kernelName, backendName: 'wasm', kernelFunc: wasmKernel(spec) },
  ];
}
