/**
 * Cheaper saves for the gradient tape. For every recorded kernel whose gradient needs its inputs or outputs,
 * tfjs's engine keeps a `clone` of each: one Identity kernel plus one more tape node per saved tensor (2,615 of
 * the 7,830 kernels of the reference world-model step). A saved tensor only has to outlive the scope that made
 * it, so a new handle on the same data does the job: the engine counts it as a tensor (numTensors, disposal,
 * tidy) and the backend counts one more reference to the data, exactly as the Identity kernel would, without the
 * kernel dispatch and without a tape node. What is lost is the clone's own gradient, used only to differentiate
 * through a gradient (higher-order gradients), which nothing here does; `setLightTapeSaves(false)` restores the
 * engine's method.
 */
import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-core's Engine this touches (internal API, stable across tfjs 4.x). */
interface EngineInternals {
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
  keep<T extends tf.Tensor>(t: T): T;
  incRef(t: tf.Tensor, backend: tf.KernelBackend): void;
  nextTensorId(): number;
  backend: tf.KernelBackend;
}

type TensorConstructor = new (shape: number[], dtype: tf.DataType, dataId: object, id: number) => tf.Tensor;

const engine = tf.engine() as unknown as EngineInternals;
const stockSave = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(engine), 'saveTensorsForBackwardMode')
  ?.value as EngineInternals['saveTensorsForBackwardMode'];

/** Backends whose incRef/disposeData count references per data id (checked by the tests). */
const REF_COUNTING_BACKENDS = ['cpu', 'wasm'];

function lightSave(this: EngineInternals, tensors: tf.Tensor[]): tf.Tensor[] {
  if (!REF_COUNTING_BACKENDS.includes(tf.getBackend())) return stockSave.call(this, tensors);
  return tensors.map((t) => {
    const handle = new (tf.Tensor as unknown as TensorConstructor)(t.shape, t.dtype, t.dataId, this.nextTensorId());
    this.incRef(handle, this.backend); // tracked by the engine and the active scope; one more data reference
    return this.keep(handle);
  });
}

/** The environment variable that keeps the engine's own saves for a whole process (A/B timing). */
export const LIGHT_SAVES_ENV_VAR = 'DREAMER_LIGHT_SAVES';

/** Switch the light saves on or off; returns the previous setting. `initBackend` switches them on. */
export function setLightTapeSaves(on: boolean): boolean {
  const previous = Object.prototype.hasOwnProperty.call(engine, 'saveTensorsForBackwardMode');
  if (on) engine.saveTensorsForBackwardMode = lightSave;
  else delete (engine as Partial<EngineInternals>).saveTensorsForBackwardMode;
  return previous;
}

/** What `initBackend` calls: on, unless DREAMER_LIGHT_SAVES=off. */
export function installLightTapeSaves(): void {
  setLightTapeSaves(process.env[LIGHT_SAVES_ENV_VAR] !== 'off');
}
