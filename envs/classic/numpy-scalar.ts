/**
 * Just enough of NumPy 2's scalar promotion rules (NEP 50) to reproduce float32 arithmetic bit for bit:
 * a value is an np.float32 ('f32'), an np.float64 ('f64') or a Python float ('py', "weak": it takes the
 * other operand's type). f32 op py and f32 op f32 run in float32; anything with f64 runs in float64.
 * Comparisons of an f32 with a Python float compare against the float32-rounded constant.
 */
export type ScalarKind = 'f32' | 'f64' | 'py';

export class NpScalar {
  constructor(
    public value: number,
    public kind: ScalarKind,
  ) {}

  static py(value: number): NpScalar {
    return new NpScalar(value, 'py');
  }

  add(o: NpScalar): NpScalar {
    return binary(this, o, (a, b) => a + b);
  }
  sub(o: NpScalar): NpScalar {
    return binary(this, o, (a, b) => a - b);
  }
  mul(o: NpScalar): NpScalar {
    return binary(this, o, (a, b) => a * b);
  }

  gt(o: NpScalar): boolean {
    const [a, b] = comparable(this, o);
    return a > b;
  }
  lt(o: NpScalar): boolean {
    const [a, b] = comparable(this, o);
    return a < b;
  }
  ge(o: NpScalar): boolean {
    const [a, b] = comparable(this, o);
    return a >= b;
  }
  eq(o: NpScalar): boolean {
    const [a, b] = comparable(this, o);
    return a === b;
  }
}

function resultKind(a: ScalarKind, b: ScalarKind): ScalarKind {
  if (a === 'f64' || b === 'f64') return 'f64';
  if (a === 'f32' || b === 'f32') return 'f32';
  return 'py';
}

function binary(x: NpScalar, y: NpScalar, op: (a: number, b: number) => number): NpScalar {
  const kind = resultKind(x.kind, y.kind);
  if (kind !== 'f32') return new NpScalar(op(x.value, y.value), kind);
  // both operands are (or become) float32; the exact double result rounds once to float32
  return new NpScalar(Math.fround(op(Math.fround(x.value), Math.fround(y.value))), 'f32');
}

function comparable(x: NpScalar, y: NpScalar): [number, number] {
  if (x.kind === 'f32' && y.kind === 'py') return [x.value, Math.fround(y.value)];
  if (x.kind === 'py' && y.kind === 'f32') return [Math.fround(x.value), y.value];
  return [x.value, y.value];
}
