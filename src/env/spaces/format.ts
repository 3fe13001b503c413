import type { BoxDType } from './dtype.js';

/** Largest magnitude NumPy prints without an exponent (it switches at 1e16, like Python's repr). */
const EXPONENT_ABOVE = 1e16;
/** Smallest non-zero magnitude printed without an exponent. */
const EXPONENT_BELOW = 1e-4;
/** float32 needs at most 9 significant digits to round-trip. */
const FLOAT32_MAX_DIGITS = 9;

/** Shortest decimal that reads back as the same float32. */
function shortestFloat32(x: number): string {
  for (let p = 1; p < FLOAT32_MAX_DIGITS; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(Number(x.toPrecision(FLOAT32_MAX_DIGITS)));
}

/** Formats one value the way NumPy prints a scalar of dtype `d`: `-1.0`, `0.41887903`, `inf`, `3.4028235e+38`, `7`. */
export function formatScalar(x: number, d: BoxDType): string {
  if (d !== 'float32' && d !== 'float64') return String(x);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  let s = d === 'float32' ? shortestFloat32(x) : String(x);
  const mag = Math.abs(x);
  if (mag !== 0 && (mag >= EXPONENT_ABOVE || mag < EXPONENT_BELOW)) {
    const [mant, exp] = x.toExponential().split('e');
    const digits = d === 'float32' ? shortestFloat32(Number(mant)) : mant;
    const e = Number(exp);
    s = `${digits}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  } else if (!s.includes('.') && !s.includes('e')) {
    s = `${s}.0`;
  }
  return s;
}

/** NumPy-like `str(array)` for a short 1-D view of a Box bound. */
export function formatArray(values: ArrayLike<number>, d: BoxDType): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) parts.push(formatScalar(values[i], d));
  return `[${parts.join(' ')}]`;
}

/** Python's tuple repr of a shape: `(3,)`, `(2, 3)`, `()`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
