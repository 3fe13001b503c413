/**
 * CartPole's constants and its explicit-Euler step, shared by CartPoleEnv and CartPoleVectorEnv.
 * The operation order is Gymnasium's, so results agree to the last bit given the same sin/cos.
 */
export const CARTPOLE = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  /** Half the pole's length. */
  length: 0.5,
  forceMag: 10.0,
  /** Seconds per step. */
  tau: 0.02,
  xThreshold: 2.4,
  renderFps: 50,
  screenWidth: 600,
  screenHeight: 400,
  /** Reset interval: every state variable ~ U[-0.05, 0.05). */
  resetBound: 0.05,
} as const;

const TOTAL_MASS = CARTPOLE.massPole + CARTPOLE.massCart;
const POLEMASS_LENGTH = CARTPOLE.massPole * CARTPOLE.length;
/** 12 degrees, computed as Gymnasium does. */
export const THETA_THRESHOLD_RADIANS = (12 * 2 * Math.PI) / 360;
const FOUR_THIRDS = 4.0 / 3.0;

/**
 * Advances [x, ẋ, θ, θ̇] stored at s[base], s[base + stride], s[base + 2·stride], s[base + 3·stride] by one step
 * under `force`, in place; returns whether the new state is terminal.
 */
export function cartPoleEulerStep(s: Float64Array, base: number, stride: number, force: number): boolean {
  const x = s[base], xDot = s[base + stride], theta = s[base + 2 * stride], thetaDot = s[base + 3 * stride];
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
  const thetaAcc =
    (CARTPOLE.gravity * sin - cos * temp) /
    (CARTPOLE.length * (FOUR_THIRDS - (CARTPOLE.massPole * (cos * cos)) / TOTAL_MASS));
  const xAcc = temp - (POLEMASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
  const nx = x + CARTPOLE.tau * xDot;
  const nTheta = theta + CARTPOLE.tau * thetaDot;
  s[base] = nx;
  s[base + stride] = xDot + CARTPOLE.tau * xAcc;
  s[base + 2 * stride] = nTheta;
  s[base + 3 * stride] = thetaDot + CARTPOLE.tau * thetaAcc;
  return nx < -CARTPOLE.xThreshold || nx > CARTPOLE.xThreshold || nTheta < -THETA_THRESHOLD_RADIANS || nTheta > THETA_THRESHOLD_RADIANS;
}
