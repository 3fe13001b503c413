/**
 * The element types checkpoints store, with their names in safetensors and in NumPy's .npy (`descr`).
 * All data is little-endian; F16 and BF16 have no JS typed array and are kept as raw 16-bit words.
 */
import { CheckpointError } from '../util/errors.js';

export type TypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | BigInt64Array
  | BigUint64Array;

export type DType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

interface TypedArrayClass {
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): TypedArray;
  new (length: number): TypedArray;
}

export interface DTypeInfo {
  dtype: DType;
  /** NumPy's descr, e.g. '<f4'; undefined where NumPy has no such type (BF16) */
  npy: string | undefined;
  ctor: TypedArrayClass;
}

export const DTYPES: Readonly<Record<DType, DTypeInfo>> = {
  F64: { dtype: 'F64', npy: '<f8', ctor: Float64Array },
  F32: { dtype: 'F32', npy: '<f4', ctor: Float32Array },
  F16: { dtype: 'F16', npy: '<f2', ctor: Uint16Array },
  BF16: { dtype: 'BF16', npy: undefined, ctor: Uint16Array },
  I64: { dtype: 'I64', npy: '<i8', ctor: BigInt64Array },
  I32: { dtype: 'I32', npy: '<i4', ctor: Int32Array },
  I16: { dtype: 'I16', npy: '<i2', ctor: Int16Array },
  I8: { dtype: 'I8', npy: '|i1', ctor: Int8Array },
  U64: { dtype: 'U64', npy: '<u8', ctor: BigUint64Array },
  U32: { dtype: 'U32', npy: '<u4', ctor: Uint32Array },
  U16: { dtype: 'U16', npy: '<u2', ctor: Uint16Array },
  U8: { dtype: 'U8', npy: '|u1', ctor: Uint8Array },
  BOOL: { dtype: 'BOOL', npy: '|b1', ctor: Uint8Array },
};

/** A named array as checkpoints hold it: dtype, shape (row-major) and data. */
export interface Tensor {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

/** The natural dtype of a typed array (Uint8Array → U8, Uint16Array → U16). */
export function dtypeOf(data: TypedArray): DType {
  const found = (Object.values(DTYPES) as DTypeInfo[]).find((d) => d.ctor === data.constructor && !['F16', 'BF16', 'BOOL'].includes(d.dtype));
  if (!found) throw new CheckpointError(`no dtype for ${data.constructor.name}: store tensors as Float32Array, Float64Array, Int32Array, Uint8Array or another typed array with a dtype`);
  return found.dtype;
}

/** A tensor from a typed array; the shape defaults to 1-D. */
export function tensor(data: TypedArray, shape: number[] = [data.length], dtype: DType = dtypeOf(data)): Tensor {
  return { dtype, shape, data };
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The bytes of a typed array (a view, no copy). */
export function bytesOf(data: TypedArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A typed array of `dtype` holding a copy of `bytes` (copied so it is aligned whatever the offset in the file). */
export function arrayFromBytes(dtype: DType, bytes: Uint8Array): TypedArray {
  const { ctor } = DTYPES[dtype];
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new ctor(copy.buffer, 0, bytes.length / ctor.BYTES_PER_ELEMENT);
}

/** Checks that a tensor's data matches its dtype and shape (before writing it). */
export function checkTensor(name: string, t: Tensor): void {
  const info = DTYPES[t.dtype];
  if (!info) throw new CheckpointError(`tensor \`${name}\`: unknown dtype ${String(t.dtype)}: use one of ${Object.keys(DTYPES).join(', ')}`);
  if (!(t.data instanceof info.ctor)) {
    throw new CheckpointError(`tensor \`${name}\`: dtype ${t.dtype} needs a ${info.ctor.name}, got ${t.data.constructor.name}: convert the data or change the dtype`);
  }
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new CheckpointError(`tensor \`${name}\`: bad shape [${t.shape.join(', ')}]: a shape is a list of integers >= 0`);
  }
  if (elementCount(t.shape) !== t.data.length) {
    throw new CheckpointError(
      `tensor \`${name}\`: shape [${t.shape.join(', ')}] needs ${elementCount(t.shape)} values, data has ${t.data.length}: fix the shape or the data`,
    );
  }
}
