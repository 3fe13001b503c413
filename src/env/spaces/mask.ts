import { SpaceError } from './space-error.js';

/** A sampling mask: 1 = allowed, 0 = not (Gymnasium takes an int8 array). */
export type Mask = Int8Array | Uint8Array | readonly number[];

/** Checks a mask's length and 0/1 values and returns the allowed indices. */
export function allowedIndices(mask: unknown, n: number, where: string): number[] {
  if (!(mask instanceof Int8Array || mask instanceof Uint8Array || Array.isArray(mask))) {
    throw new SpaceError(`${where} mask must be an Int8Array (or 0/1 number array) of length ${n}.`);
  }
  const values = mask as ArrayLike<unknown>;
  if (values.length !== n) {
    throw new SpaceError(`${where} mask has length ${values.length}; it must have one entry per value (${n}).`);
  }
  const allowed: number[] = [];
  for (let i = 0; i < n; i++) {
    if (values[i] === 1) allowed.push(i);
    else if (values[i] !== 0) throw new SpaceError(`${where} mask values must be 0 or 1, got ${String(values[i])} at ${i}.`);
  }
  return allowed;
}
