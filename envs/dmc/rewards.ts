/**
 * dm_control's reward shaping (`dm_control/utils/rewards.py`): `tolerance` is 1 inside `bounds` and falls off
 * outside them as a sigmoid of (distance to the nearest bound) / margin, chosen so that it equals
 * `valueAtMargin` one margin away. With margin 0 it is a plain indicator of the bounds.
 */
import { EnvError } from '../../src/util/errors.js';

export const SIGMOIDS = ['gaussian', 'hyperbolic', 'long_tail', 'reciprocal', 'cosine', 'linear', 'quadratic', 'tanh_squared'] as const;
export type Sigmoid = (typeof SIGMOIDS)[number];

export interface ToleranceOptions {
  /** [lower, upper]; default [0, 0]. */
  bounds?: readonly [number, number];
  /** Distance outside the bounds over which the value falls to `valueAtMargin`; default 0 (indicator). */
  margin?: number;
  sigmoid?: Sigmoid;
  /** The value one margin outside the bounds; default 0.1. */
  valueAtMargin?: number;
}

/** Sigmoids that reach exactly 0 (finite support) may take valueAtMargin = 0; the others need it in (0, 1). */
const FINITE_SUPPORT: ReadonlySet<Sigmoid> = new Set(['cosine', 'linear', 'quadratic']);

/** The sigmoid at x (distance / margin, x >= 0): 1 at 0, `v1` at 1. */
export function sigmoid(x: number, v1: number, kind: Sigmoid): number {
  if (FINITE_SUPPORT.has(kind) ? !(v1 >= 0 && v1 < 1) : !(v1 > 0 && v1 < 1)) {
    const range = FINITE_SUPPORT.has(kind) ? '[0, 1)' : '(0, 1)';
    throw new EnvError(`tolerance: valueAtMargin must be in ${range} for the ${kind} sigmoid, got ${v1}.`);
  }
  switch (kind) {
    case 'gaussian': {
      const s = Math.sqrt(-2 * Math.log(v1));
      return Math.exp(-0.5 * (x * s) ** 2);
    }
    case 'hyperbolic':
      return 1 / Math.cosh(x * Math.acosh(1 / v1));
    case 'long_tail': {
      const s = Math.sqrt(1 / v1 - 1);
      return 1 / ((x * s) ** 2 + 1);
    }
    case 'reciprocal':
      return 1 / (Math.abs(x) * (1 / v1 - 1) + 1);
    case 'cosine': {
      const sx = (x * Math.acos(2 * v1 - 1)) / Math.PI;
      return Math.abs(sx) < 1 ? (1 + Math.cos(Math.PI * sx)) / 2 : 0;
    }
    case 'linear': {
      const sx = x * (1 - v1);
      return Math.abs(sx) < 1 ? 1 - sx : 0;
    }
    case 'quadratic': {
      const sx = x * Math.sqrt(1 - v1);
      return Math.abs(sx) < 1 ? 1 - sx * sx : 0;
    }
    case 'tanh_squared':
      return 1 - Math.tanh(x * Math.atanh(Math.sqrt(1 - v1))) ** 2;
    default:
      throw new EnvError(`tolerance: unknown sigmoid "${String(kind)}"; use one of ${SIGMOIDS.join(', ')}.`);
  }
}

/** dm_control's `rewards.tolerance` for one number. */
export function tolerance(x: number, opts: ToleranceOptions = {}): number {
  const [lower, upper] = opts.bounds ?? [0, 0];
  const margin = opts.margin ?? 0;
  if (lower > upper) throw new EnvError(`tolerance: lower bound ${lower} > upper bound ${upper}; swap them.`);
  if (margin < 0) throw new EnvError(`tolerance: margin must be >= 0, got ${margin}.`);
  if (lower <= x && x <= upper) return 1;
  if (margin === 0) return 0;
  const d = (x < lower ? lower - x : x - upper) / margin;
  return sigmoid(d, opts.valueAtMargin ?? 0.1, opts.sigmoid ?? 'gaussian');
}
