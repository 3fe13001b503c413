import { isNumericArray } from './spaces/dtype.js';

/**
 * Gymnasium's `data_equivalence`: deep equality of obs, infos and actions (typed arrays element-wise, same type;
 * NaN equals NaN, as `equal_nan=True`).
 */
export function dataEquivalence(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (isNumericArray(a) || isNumericArray(b)) {
    if (!isNumericArray(a) || !isNumericArray(b) || a.constructor !== b.constructor || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!dataEquivalence(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => dataEquivalence(x, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => k in b && dataEquivalence((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}
