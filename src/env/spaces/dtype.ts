import type { DType } from './space.js';

/** Element types a Box may hold. int64 values live in a Float64Array (exact up to 2^53). */
export type BoxDType = 'float32' | 'float64' | 'int8' | 'uint8' | 'int32' | 'int64';

/** The typed array that holds values of each Box dtype. */
export type ArrayOf<D extends BoxDType> = D extends 'float32'
  ? Float32Array
  : D extends 'float64' | 'int64'
    ? Float64Array
    : D extends 'int32'
      ? Int32Array
      : D extends 'int8'
        ? Int8Array
        : D extends 'uint8'
          ? Uint8Array
          : never;

export type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/** NumPy dtype names of JS typed arrays (plus the 16-bit and uint32 ones a Box does not hold). */
type ArrayDType = BoxDType | 'int16' | 'uint16' | 'uint32';

const BOX_DTYPES: readonly BoxDType[] = ['float32', 'float64', 'int8', 'uint8', 'int32', 'int64'];

export function isBoxDType(d: unknown): d is BoxDType {
  return typeof d === 'string' && (BOX_DTYPES as readonly string[]).includes(d);
}

export function isFloatDType(d: BoxDType): boolean {
  return d === 'float32' || d === 'float64';
}

/** [min, max] of an integer dtype (int64's limits rounded to doubles, as NumPy's float comparisons see them). */
export function intRange(d: BoxDType): [number, number] {
  switch (d) {
    case 'int8':
      return [-128, 127];
    case 'uint8':
      return [0, 255];
    case 'int32':
      return [-2147483648, 2147483647];
    case 'int64':
      return [-(2 ** 63), 2 ** 63];
    default:
      return [-Infinity, Infinity];
  }
}

export function isUnsigned(d: BoxDType): boolean {
  return d === 'uint8';
}

/** Allocates a zeroed array for `size` values of dtype `d`. */
export function allocArray<D extends BoxDType>(d: D, size: number): ArrayOf<D> {
  switch (d) {
    case 'float32':
      return new Float32Array(size) as ArrayOf<D>;
    case 'int32':
      return new Int32Array(size) as ArrayOf<D>;
    case 'int8':
      return new Int8Array(size) as ArrayOf<D>;
    case 'uint8':
      return new Uint8Array(size) as ArrayOf<D>;
    default:
      return new Float64Array(size) as ArrayOf<D>;
  }
}

/** The value NumPy stores when a double is cast to dtype `d` (`astype`): float32 rounds, integers truncate. */
export function castScalar(x: number, d: BoxDType): number {
  if (d === 'float32') return Math.fround(x);
  if (d === 'float64') return x;
  return Math.trunc(x);
}

export function arrayDType(x: NumericArray): ArrayDType {
  if (x instanceof Float32Array) return 'float32';
  if (x instanceof Float64Array) return 'float64';
  if (x instanceof Int8Array) return 'int8';
  if (x instanceof Uint8Array || x instanceof Uint8ClampedArray) return 'uint8';
  if (x instanceof Int16Array) return 'int16';
  if (x instanceof Uint16Array) return 'uint16';
  if (x instanceof Int32Array) return 'int32';
  return 'uint32';
}

// NumPy's "safe" casting table (np.can_cast), restricted to the dtypes above.
const SAFE_CASTS: Record<ArrayDType, readonly ArrayDType[]> = {
  int8: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  uint8: ['uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float32', 'float64'],
  int16: ['int16', 'int32', 'int64', 'float32', 'float64'],
  uint16: ['uint16', 'int32', 'uint32', 'int64', 'float32', 'float64'],
  int32: ['int32', 'int64', 'float64'],
  uint32: ['uint32', 'int64', 'float64'],
  int64: ['int64', 'float64'],
  float32: ['float32', 'float64'],
  float64: ['float64'],
};

/**
 * `np.can_cast(from, to)` with safe casting. A Float64Array counts as int64 data for an int64 Box
 * (JS has no practical int64 array), provided its values are integers (checked by the caller).
 */
export function canCast(from: ArrayDType, to: BoxDType): boolean {
  if (to === 'int64' && from === 'float64') return true;
  return SAFE_CASTS[from].includes(to);
}

export function isNumericArray(x: unknown): x is NumericArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
}

export function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Flattens nested number arrays row-major; returns undefined when `x` is not a (nested) array of numbers. */
export function flattenNumbers(x: unknown): number[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const out: number[] = [];
  const visit = (v: unknown): boolean => {
    if (typeof v === 'number') {
      out.push(v);
      return true;
    }
    if (typeof v === 'boolean') {
      out.push(v ? 1 : 0);
      return true;
    }
    return Array.isArray(v) && v.every(visit);
  };
  return x.every(visit) ? out : undefined;
}

/** The dtype names a Space may report, re-exported for convenience. */
export type { DType };
