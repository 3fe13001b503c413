import { SpaceError } from '../../util/errors.js';

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

/** np.isclose(sum, 1) with NumPy's default tolerances (atol 1e-8 + rtol 1e-5). */
const SUM_TOLERANCE = 1e-8 + 1e-5;

/** Checks a probability mask (Gymnasium: float64, length n, values in [0, 1], summing to 1). */
export function checkProbability(probability: unknown, n: number, where: string): Float64Array {
  if (!(probability instanceof Float64Array || Array.isArray(probability)) || probability.length !== n) {
    throw new SpaceError(`${where} probability must be a Float64Array (or number array) of length ${n}.`);
  }
  const p = Float64Array.from(probability as ArrayLike<number>);
  if (!p.every((v) => v >= 0 && v <= 1)) throw new SpaceError(`${where} probability values must lie in [0, 1], got [${p.join(', ')}].`);
  const sum = p.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE) throw new SpaceError(`${where} probability must sum to 1, got ${sum}.`);
  return p;
}

/**
 * NumPy's `rng.choice(len(p), p=p)` for one draw: cdf = cumsum(p) / its last value, one `random()` double u,
 * the first index whose cdf exceeds u (searchsorted side='right').
 */
export function choiceWithProbability(p: ArrayLike<number>, u: number): number {
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = acc += p[i];
  const total = cdf[p.length - 1];
  for (let i = 0; i < p.length; i++) if (cdf[i] / total > u) return i;
  return p.length - 1;
}
