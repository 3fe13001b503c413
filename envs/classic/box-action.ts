import { InvalidActionError } from '../../src/util/errors.js';

/** A Box action as the continuous envs accept it: NumPy float32 semantics for Float32Array, float64 otherwise. */
export type BoxAction = Float32Array | Float64Array | readonly number[];

/** Reads action[0]; anything without a numeric first element gets an InvalidActionError naming the space. */
export function firstComponent(action: BoxAction, envName: string, space: { toString(): string }): number {
  const value = action !== null && typeof action === 'object' ? (action as ArrayLike<unknown>)[0] : undefined;
  if (typeof value !== 'number') {
    throw new InvalidActionError(
      `${envName}: action ${String(action)} is not an array with one number for ${space.toString()}; pass e.g. new Float32Array([0.5]).`,
    );
  }
  return value;
}
