/**
 * Batching of sub-env values, Gymnasium's `create_empty_array` / `concatenate` / `iterate`:
 * - Box, MultiDiscrete, MultiBinary: one flat typed array [n, ...shape] of the space's dtype.
 * - Discrete: a Float64Array [n] (what batchSpace's MultiDiscrete holds).
 * - Dict: a record of batches; Tuple: an array of batches.
 * - Any other space: a plain array of n values.
 */
import { Box } from '../spaces/box.js';
import { Dict } from '../spaces/dict.js';
import { Discrete } from '../spaces/discrete.js';
import { allocArray, type BoxDType, type NumericArray } from '../spaces/dtype.js';
import { MultiBinary } from '../spaces/multi-binary.js';
import { MultiDiscrete } from '../spaces/multi-discrete.js';
import type { Space } from '../spaces/space.js';
import { Tuple } from '../spaces/tuple.js';

/** Elements per value of an array-valued space, undefined for the others. */
export function flatSize(space: Space<unknown>): number | undefined {
  if (space instanceof Discrete) return 1;
  if (space instanceof Box || space instanceof MultiBinary) return space.size;
  if (space instanceof MultiDiscrete) return space.nvec.length;
  return undefined;
}

/** An empty batch of `n` values of `space`. */
export function createBatch(space: Space<unknown>, n: number): unknown {
  if (space instanceof Discrete) return new Float64Array(n);
  if (space instanceof Box) return allocArray(space.dtype as BoxDType, n * space.size);
  if (space instanceof MultiDiscrete) return allocArray(space.dtype as BoxDType, n * space.nvec.length);
  if (space instanceof MultiBinary) return new Int8Array(n * space.size);
  if (space instanceof Dict) {
    return Object.fromEntries(Object.entries(space.spaces as Record<string, Space<unknown>>).map(([k, s]) => [k, createBatch(s, n)]));
  }
  if (space instanceof Tuple) return (space.spaces as Space<unknown>[]).map((s) => createBatch(s, n));
  return new Array<unknown>(n).fill(undefined);
}

/** Writes sub-env i's value into the batch (Gymnasium's `concatenate`, one row at a time). */
export function writeItem(space: Space<unknown>, batch: unknown, i: number, value: unknown): void {
  const size = flatSize(space);
  if (size === 1 && space instanceof Discrete) {
    (batch as Float64Array)[i] = value as number;
  } else if (size !== undefined) {
    (batch as NumericArray).set(value as ArrayLike<number>, i * size);
  } else if (space instanceof Dict) {
    const rec = value as Record<string, unknown>;
    for (const [k, s] of Object.entries(space.spaces as Record<string, Space<unknown>>)) writeItem(s, (batch as Record<string, unknown>)[k], i, rec[k]);
  } else if (space instanceof Tuple) {
    (space.spaces as Space<unknown>[]).forEach((s, j) => writeItem(s, (batch as unknown[])[j], i, (value as unknown[])[j]));
  } else {
    (batch as unknown[])[i] = value;
  }
}

/**
 * Sub-env i's value from a batch (Gymnasium's `iterate`). A flat typed array gives a zero-copy row view;
 * an array of per-env values (`[[a0, a1], [b0, b1]]` or `[3, 1]`) gives its element i.
 */
export function readItem(space: Space<unknown>, batch: unknown, i: number): unknown {
  const size = flatSize(space);
  if (size !== undefined) {
    if (space instanceof Discrete) return Number((batch as ArrayLike<number>)[i]);
    if (ArrayBuffer.isView(batch)) return (batch as NumericArray).subarray(i * size, (i + 1) * size);
    const rows = batch as unknown[];
    return ArrayBuffer.isView(rows[i]) || Array.isArray(rows[i]) ? rows[i] : rows.slice(i * size, (i + 1) * size);
  }
  if (space instanceof Dict) {
    const rec = batch as Record<string, unknown>;
    return Object.fromEntries(Object.entries(space.spaces as Record<string, Space<unknown>>).map(([k, s]) => [k, readItem(s, rec[k], i)]));
  }
  if (space instanceof Tuple) return (space.spaces as Space<unknown>[]).map((s, j) => readItem(s, (batch as unknown[])[j], i));
  return (batch as unknown[])[i];
}

export type RowWriter = (batch: unknown, i: number, value: unknown) => void;
export type RowReader = (batch: unknown, i: number) => unknown;

/** writeItem specialised for `space` once, for per-step loops (no type dispatch per call). */
export function rowWriter(space: Space<unknown>): RowWriter {
  const size = flatSize(space);
  if (space instanceof Discrete) return (batch, i, value) => ((batch as Float64Array)[i] = value as number);
  if (size !== undefined) return (batch, i, value) => (batch as NumericArray).set(value as ArrayLike<number>, i * size);
  return (batch, i, value) => writeItem(space, batch, i, value);
}

/** readItem specialised for `space` once. */
export function rowReader(space: Space<unknown>): RowReader {
  if (space instanceof Discrete) return (batch, i) => Number((batch as ArrayLike<number>)[i]);
  return (batch, i) => readItem(space, batch, i);
}

/** A deep copy of a batch (typed arrays copied, records and arrays rebuilt). */
export function copyBatch<T>(batch: T): T {
  if (ArrayBuffer.isView(batch)) return (batch as unknown as NumericArray).slice() as unknown as T;
  if (Array.isArray(batch)) return batch.map((b: unknown) => copyBatch(b)) as unknown as T;
  if (batch !== null && typeof batch === 'object') {
    return Object.fromEntries(Object.entries(batch).map(([k, v]) => [k, copyBatch(v)])) as T;
  }
  return batch;
}
