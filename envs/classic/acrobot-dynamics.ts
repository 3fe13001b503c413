/**
 * The Acrobot's equations of motion (Sutton & Barto's "book" variant, as in Gymnasium's `_dsdt`) and the one-step
 * RK4 integrator, written with preallocated scratch arrays and in Gymnasium's left-to-right operation order.
 */
export const ACROBOT_PHYSICS = {
  dt: 0.2,
  linkLength1: 1.0,
  linkLength2: 1.0,
  linkMass1: 1.0,
  linkMass2: 1.0,
  /** Positions of the links' centres of mass. */
  linkComPos1: 0.5,
  linkComPos2: 0.5,
  linkMoi: 1.0,
  gravity: 9.8,
  maxVel1: 4 * Math.PI,
  maxVel2: 9 * Math.PI,
} as const;

const P = ACROBOT_PHYSICS;
const m1 = P.linkMass1, m2 = P.linkMass2, l1 = P.linkLength1, lc1 = P.linkComPos1, lc2 = P.linkComPos2;
const I1 = P.linkMoi, I2 = P.linkMoi, g = P.gravity;
// Constant sub-expressions, each evaluated exactly as Python groups it.
const D1_CONST = m1 * lc1 ** 2;
const D1_INNER_CONST = l1 ** 2 + lc2 ** 2;
const D1_COS_COEF = 2 * l1 * lc2;
const D2_CONST = lc2 ** 2;
const D2_COS_COEF = l1 * lc2;
const PHI2_COEF = m2 * lc2 * g;
const PHI1_A = -m2 * l1 * lc2;
const PHI1_B = 2 * m2 * l1 * lc2;
const PHI1_C = (m1 * lc1 + m2 * l1) * g;
const DD2_COEF = m2 * l1 * lc2;
const DD2_DENOM_CONST = m2 * lc2 ** 2 + I2;
const HALF_PI = Math.PI / 2.0;

/** Writes d/dt of [θ1, θ2, θ̇1, θ̇2] into `out` for state `s` and torque `a`. */
export function acrobotDerivatives(s: Float64Array, a: number, out: Float64Array): void {
  const theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
  const cos2 = Math.cos(theta2);
  const sin2 = Math.sin(theta2);
  const d1 = D1_CONST + m2 * (D1_INNER_CONST + D1_COS_COEF * cos2) + I1 + I2;
  const d2 = m2 * (D2_CONST + D2_COS_COEF * cos2) + I2;
  const phi2 = PHI2_COEF * Math.cos(theta1 + theta2 - HALF_PI);
  const phi1 =
    PHI1_A * (dtheta2 * dtheta2) * sin2 - PHI1_B * dtheta2 * dtheta1 * sin2 + PHI1_C * Math.cos(theta1 - HALF_PI) + phi2;
  const ddtheta2 =
    (a + (d2 / d1) * phi1 - DD2_COEF * (dtheta1 * dtheta1) * sin2 - phi2) / (DD2_DENOM_CONST - (d2 * d2) / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  out[0] = dtheta1;
  out[1] = dtheta2;
  out[2] = ddtheta1;
  out[3] = ddtheta2;
}

/** Scratch space for one RK4 step (k1..k4 and the intermediate state). */
export class Rk4Scratch {
  readonly k1 = new Float64Array(4);
  readonly k2 = new Float64Array(4);
  readonly k3 = new Float64Array(4);
  readonly k4 = new Float64Array(4);
  readonly y = new Float64Array(4);
}

const DT = P.dt;
const DT2 = DT / 2.0;
const DT6 = DT / 6.0;

/** y ← y + dt/6·(k1 + 2k2 + 2k3 + k4) over one step of length dt, torque held constant (loops unrolled). */
export function rk4Step(state: Float64Array, torque: number, w: Rk4Scratch): void {
  const { k1, k2, k3, k4, y } = w;
  const s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  acrobotDerivatives(state, torque, k1);
  y[0] = s0 + DT2 * k1[0];
  y[1] = s1 + DT2 * k1[1];
  y[2] = s2 + DT2 * k1[2];
  y[3] = s3 + DT2 * k1[3];
  acrobotDerivatives(y, torque, k2);
  y[0] = s0 + DT2 * k2[0];
  y[1] = s1 + DT2 * k2[1];
  y[2] = s2 + DT2 * k2[2];
  y[3] = s3 + DT2 * k2[3];
  acrobotDerivatives(y, torque, k3);
  y[0] = s0 + DT * k3[0];
  y[1] = s1 + DT * k3[1];
  y[2] = s2 + DT * k3[2];
  y[3] = s3 + DT * k3[3];
  acrobotDerivatives(y, torque, k4);
  state[0] = s0 + DT6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
  state[1] = s1 + DT6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
  state[2] = s2 + DT6 * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]);
  state[3] = s3 + DT6 * (k1[3] + 2 * k2[3] + 2 * k3[3] + k4[3]);
}

/** Gymnasium's `wrap`: shifts x by whole periods into [lo, hi]. */
export function wrap(x: number, lo: number, hi: number): number {
  const diff = hi - lo;
  while (x > hi) x = x - diff;
  while (x < lo) x = x + diff;
  return x;
}

/** Gymnasium's `bound`: min(max(x, lo), hi). */
export function bound(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}
