/**
 * Just enough of NumPy 2's scalar promotion rules (NEP 50) to reproduce float32 arithmetic bit for bit, on plain
 * numbers plus a kind code: a value is a Python float (PY, "weak": it takes the other operand's type), an
 * np.float32 (F32) or an np.float64 (F64). The codes are ordered so that the result kind of a binary operation is
 * the larger one: f32 op py and f32 op f32 run in float32, anything with f64 in float64. A comparison of an f32
 * with a Python float compares against the float32-rounded constant.
 */
export const PY = 0;
export const F32 = 1;
export const F64 = 2;
export type ScalarKind = typeof PY | typeof F32 | typeof F64;

export function resultKind(a: ScalarKind, b: ScalarKind): ScalarKind {
  return a > b ? a : b;
}

export function addK(a: number, ka: ScalarKind, b: number, kb: ScalarKind): number {
  return resultKind(ka, kb) === F32 ? Math.fround(Math.fround(a) + Math.fround(b)) : a + b;
}

export function subK(a: number, ka: ScalarKind, b: number, kb: ScalarKind): number {
  return resultKind(ka, kb) === F32 ? Math.fround(Math.fround(a) - Math.fround(b)) : a - b;
}

/** float32 products: the exact double product of two float32 values rounds once to float32. */
export function mulK(a: number, ka: ScalarKind, b: number, kb: ScalarKind): number {
  return resultKind(ka, kb) === F32 ? Math.fround(Math.fround(a) * Math.fround(b)) : a * b;
}

/** The Python-float constant `c` as NumPy compares it with a value of kind `kv`. */
function asComparedWith(c: number, kv: ScalarKind): number {
  return kv === F32 ? Math.fround(c) : c;
}

export function gtConst(v: number, kv: ScalarKind, c: number): boolean {
  return v > asComparedWith(c, kv);
}
export function ltConst(v: number, kv: ScalarKind, c: number): boolean {
  return v < asComparedWith(c, kv);
}
export function geConst(v: number, kv: ScalarKind, c: number): boolean {
  return v >= asComparedWith(c, kv);
}
export function eqConst(v: number, kv: ScalarKind, c: number): boolean {
  return v === asComparedWith(c, kv);
}

/**
 * Python's `if v < low: v = low` and `if v > high: v = high` (also `min(max(v, low), high)`: with low < high at
 * most one applies, so the order does not matter) on a value of kind `kv`. A clamped value is the Python float bound.
 */
export function clampConst(v: number, kv: ScalarKind, low: number, high: number): { value: number; kind: ScalarKind } {
  if (ltConst(v, kv, low)) return { value: low, kind: PY };
  if (gtConst(v, kv, high)) return { value: high, kind: PY };
  return { value: v, kind: kv };
}
