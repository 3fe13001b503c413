/**
 * A narrow, typed view of the tfjs wasm backend's internals that our kernels use: the Emscripten heap,
 * the dataId → heap-offset table, and tensor registration. Everything here is public on the backend
 * object (tfjs-backend-wasm 4.22) but not in its typings.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/** The Emscripten module behind the wasm backend (`backend.wasm`). */
export interface WasmModule {
  HEAPF32: Float32Array;
  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
  /** Present in the threaded build; its buffer is the live one after memory growth. */
  wasmMemory?: { buffer: ArrayBufferLike };
  cwrap(name: string, ret: null | 'number', argTypes: string[]): (...args: unknown[]) => unknown;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  tfjs: {
    registerTensor(id: number, size: number, memoryOffset: number): void;
    disposeData(id: number): void;
    getThreadsCount(): number;
  };
  PThread?: { runningWorkers?: WorkerLike[]; unusedWorkers?: WorkerLike[] };
}

export interface WorkerLike {
  unref(): void;
}

/** One entry of the backend's data table. */
export interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: DataType;
  refCount: number;
}

/** The wasm backend object (`tf.backend()` when the backend is `wasm`). */
export interface WasmBackend {
  wasm: WasmModule;
  dataIdMap: {
    get(dataId: object): WasmTensorData | undefined;
    delete(dataId: object): boolean;
  };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

/** A Float32Array over the whole live heap. Memory growth detaches old views, so call this after any allocation. */
export function heapF32(backend: WasmBackend): Float32Array {
  const live = backend.wasm.wasmMemory?.buffer ?? backend.wasm.HEAPF32.buffer;
  return backend.wasm.HEAPF32.buffer === live ? backend.wasm.HEAPF32 : new Float32Array(live);
}

/** A Int32Array over the whole live heap (same caveat as `heapF32`). */
export function heapI32(backend: WasmBackend): Int32Array {
  const live = backend.wasm.wasmMemory?.buffer ?? backend.wasm.HEAP32.buffer;
  return backend.wasm.HEAP32.buffer === live ? backend.wasm.HEAP32 : new Int32Array(live);
}

/** Element offset (in float32/int32 units) of a tensor's data in the heap. */
export function elementOffset(backend: WasmBackend, t: TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  // Unreachable from input: the engine hands a wasm kernel only tensors it has moved to the wasm backend.
  if (!data) throw new Error(`wasm kernel: tensor ${t.dataId} is not on the wasm backend`);
  return data.memoryOffset / Float32Array.BYTES_PER_ELEMENT;
}

/** The C-side id of a tensor (the id the cwrapped kernels take). */
export function cId(backend: WasmBackend, t: TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  // Unreachable from input: the engine hands a wasm kernel only tensors it has moved to the wasm backend.
  if (!data) throw new Error(`wasm kernel: tensor ${t.dataId} is not on the wasm backend`);
  return data.id;
}

/**
 * A tensor that aliases `size` floats of existing heap memory at `byteOffset` (no allocation, no copy).
 * Release it with `releaseView`, never with `disposeData` (that would free memory it does not own).
 */
export function makeView(backend: WasmBackend, shape: number[], byteOffset: number): TensorInfo {
  return backend.makeOutput(shape, 'float32', byteOffset);
}

/** Forget a view made by `makeView` without freeing the memory it aliases. */
export function releaseView(backend: WasmBackend, view: TensorInfo): void {
  const data = backend.dataIdMap.get(view.dataId);
  if (!data) return;
  backend.wasm.tfjs.disposeData(data.id);
  backend.dataIdMap.delete(view.dataId);
}

/** Byte offset of a tensor's data in the heap. */
export function byteOffset(backend: WasmBackend, t: TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  // Unreachable from input: the engine hands a wasm kernel only tensors it has moved to the wasm backend.
  if (!data) throw new Error(`wasm kernel: tensor ${t.dataId} is not on the wasm backend`);
  return data.memoryOffset;
}
