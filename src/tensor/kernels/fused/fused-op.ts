/**
 * What every fused op shares: a forward kernel, optionally a backward kernel and the gradient that runs it, the
 * kernel configs for cpu and wasm, and registration on first use. A fused file describes its op with `fusedOp`
 * and runs it with `runFusedOp`; ../register.ts lists every op in one place and registers them all at start.
 */
import * as tf from '@tensorflow/tfjs';
import { arrayKernelConfigs, type ArrayKernelSpec } from './array-kernel.js';

export interface FusedOpSpec {
  forward: ArrayKernelSpec;
  /**
   * The backward kernel: its inputs are the forward inputs it needs (saved by the tape) and `dy` last; its outputs
   * are the gradients of the forward inputs named in `gradients`, in that order. `zeroGradients` names inputs that
   * get no gradient (zeros shaped like `dy`), e.g. the noise of a sample.
   */
  backward?: { spec: ArrayKernelSpec; gradients: readonly string[]; zeroGradients?: readonly string[] };
}

export interface FusedOp {
  name: string;
  kernels: readonly tf.KernelConfig[];
  gradients: readonly tf.GradConfig[];
}

const DY = 'dy';

function gradientOf(forwardName: string, backward: NonNullable<FusedOpSpec['backward']>): tf.GradConfig {
  const { spec, gradients, zeroGradients = [] } = backward;
  const names = spec.inputNames;
  if (typeof names === 'function' || names[names.length - 1] !== DY) {
    // Unreachable from input: the fused ops are fixed in this folder and each lists its inputs with `dy` last.
    throw new Error(`${spec.kernelName}: a backward kernel lists its saved inputs, then "dy"`);
  }
  const saved = names.slice(0, -1);
  return {
    kernelName: forwardName,
    inputsToSave: saved,
    gradFunc: (dy, savedTensors, attrs) => {
      const inputs: tf.NamedTensorMap = { [DY]: dy as tf.Tensor };
      saved.forEach((name, i) => (inputs[name] = savedTensors[i]));
      const out = tf.engine().runKernel(spec.kernelName, inputs, attrs) as tf.Tensor | tf.Tensor[];
      const grads = Array.isArray(out) ? out : [out];
      const result: Record<string, () => tf.Tensor> = {};
      gradients.forEach((name, i) => (result[name] = () => grads[i]));
      for (const name of zeroGradients) result[name] = () => tf.zerosLike(dy as tf.Tensor);
      return result;
    },
  };
}

/** The kernels (cpu and wasm, forward and backward) and gradient of one fused op. */
export function fusedOp(spec: FusedOpSpec): FusedOp {
  const specs = spec.backward ? [spec.forward, spec.backward.spec] : [spec.forward];
  return {
    name: spec.forward.kernelName,
    kernels: specs.flatMap(arrayKernelConfigs),
    gradients: spec.backward ? [gradientOf(spec.forward.kernelName, spec.backward)] : [],
  };
}

const registered = new WeakSet<FusedOp>();

/** Register the op's kernels and gradient unless something is registered under their names already. */
export function registerFusedOp(op: FusedOp): void {
  for (const config of op.kernels) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
  for (const config of op.gradients) {
    if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
  }
  registered.add(op);
}

/** Run the op's forward kernel (registering it on first use, so a fused op works without initBackend). */
export function runFusedOp(op: FusedOp, inputs: tf.NamedTensorMap, attrs?: tf.NamedAttrMap): tf.Tensor | tf.Tensor[] {
  if (!registered.has(op)) registerFusedOp(op);
  return tf.engine().runKernel(op.name, inputs, attrs) as tf.Tensor | tf.Tensor[];
}
