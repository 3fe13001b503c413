/**
 * CartPole-v1, a port of Gymnasium 1.4's `CartPoleEnv`.
 *
 * ## Description
 * A pole stands on a cart through an unactuated hinge; the cart rolls on a frictionless track. Pushing the cart
 * left or right must keep the pole upright (Barto, Sutton and Anderson, 1983).
 *
 * ## Action Space
 * `Discrete(2)`: 0 pushes the cart left with 10 N, 1 pushes it right. How much the push changes the velocity
 * depends on the pole's angle.
 *
 * ## Observation Space
 * `Box(float32, (4,))`: cart position (±4.8), cart velocity (unbounded), pole angle (±0.418 rad, i.e. ±24°) and
 * pole angular velocity (unbounded). The episode ends long before position or angle reach those bounds.
 *
 * ## Rewards
 * +1 for every step, the terminating one included. With `suttonBartoReward: true`: 0 per step and -1 on
 * termination. Stepping after termination returns 0 (-1 with the Sutton-Barto reward) and warns once.
 *
 * ## Starting State
 * Every state variable uniform in [-0.05, 0.05) from the env's generator (`options.low` / `options.high`
 * change the interval).
 *
 * ## Episode End
 * Terminated when the angle leaves ±12° or the cart's centre leaves ±2.4; truncated by `make` after 500 steps.
 *
 * ## Arguments
 * `new CartPoleEnv({ renderMode?, suttonBartoReward? })`, or `make('CartPole-v1', { renderMode, suttonBartoReward })`.
 * `reset({ options: { low, high } })` sets the reset interval.
 *
 * ## Version History
 * v1: max_episode_steps 500, reward threshold 475 (v0: 200 and 195). Gymnasium 1.0 added `sutton_barto_reward`.
 *
 * Numerics: the state is float64 and updated with explicit Euler in Gymnasium's operation order; the
 * observation is the state rounded to float32. `state` is the live Float64Array, updated in place by `step`.
 */
import type { ResetOptions, ResetResult, StepResult } from '../../src/env/env.js';
import { Box } from '../../src/env/spaces/box.js';
import { Discrete } from '../../src/env/spaces/discrete.js';
import { InvalidActionError } from '../../src/util/errors.js';
import type { Canvas } from '../../src/render/canvas.js';
import { ClassicControlEnv, type ClassicEnvOptions } from './classic-env.js';
import { drawCartPole } from './cartpole-render.js';
import { parseResetBounds } from './reset-options.js';

export interface CartPoleOptions extends ClassicEnvOptions {
  /** Sutton & Barto's reward: 0 per step, -1 on (and after) termination. */
  suttonBartoReward?: boolean;
}

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
} as const;

const TOTAL_MASS = CARTPOLE.massPole + CARTPOLE.massCart;
const POLEMASS_LENGTH = CARTPOLE.massPole * CARTPOLE.length;
/** 12 degrees, computed as Gymnasium does. */
export const THETA_THRESHOLD_RADIANS = (12 * 2 * Math.PI) / 360;
const FOUR_THIRDS = 4.0 / 3.0;
const RESET_BOUND = 0.05;

export class CartPoleEnv extends ClassicControlEnv<number> {
  readonly actionSpace = new Discrete(2);
  readonly observationSpace = new Box({
    low: [-CARTPOLE.xThreshold * 2, -Infinity, -THETA_THRESHOLD_RADIANS * 2, -Infinity],
    high: [CARTPOLE.xThreshold * 2, Infinity, THETA_THRESHOLD_RADIANS * 2, Infinity],
    dtype: 'float32',
  });
  protected readonly screenWidth = CARTPOLE.screenWidth;
  protected readonly screenHeight = CARTPOLE.screenHeight;
  readonly suttonBartoReward: boolean;
  private readonly _state = new Float64Array(4);
  private _hasState = false;
  /** Gymnasium's `steps_beyond_terminated` (undefined until the first termination). */
  stepsBeyondTerminated: number | undefined = undefined;

  constructor(opts: CartPoleOptions = {}) {
    super(opts, CARTPOLE.renderFps);
    this.suttonBartoReward = opts.suttonBartoReward ?? false;
  }

  /** [x, xDot, theta, thetaDot] (float64), undefined before the first reset. */
  get state(): Float64Array | undefined {
    return this._hasState ? this._state : undefined;
  }
  set state(values: ArrayLike<number> | undefined) {
    if (values === undefined) {
      this._hasState = false;
      return;
    }
    this._state.set(Array.from(values).slice(0, 4));
    this._hasState = true;
  }

  protected hasState(): boolean {
    return this._hasState;
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    const [low, high] = parseResetBounds(opts.options, -RESET_BOUND, RESET_BOUND, 'CartPole');
    this._state.set(this.npRandom.uniform(low, high, 4));
    this._hasState = true;
    this.stepsBeyondTerminated = undefined;
    this.renderIfHuman();
    return { obs: Float32Array.from(this._state), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1) {
      throw new InvalidActionError(
        `CartPole: action ${String(action)} (${typeof action}) is not in ${this.actionSpace.toString()}; pass 0 (push left) or 1 (push right).`,
      );
    }
    this.requireState();
    const s = this._state;
    const x = s[0], xDot = s[1], theta = s[2], thetaDot = s[3];
    const force = action === 1 ? CARTPOLE.forceMag : -CARTPOLE.forceMag;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    // Same operation order as Gymnasium, so results agree to the last bit (given the same sin/cos).
    const temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
    const thetaAcc =
      (CARTPOLE.gravity * sin - cos * temp) /
      (CARTPOLE.length * (FOUR_THIRDS - (CARTPOLE.massPole * (cos * cos)) / TOTAL_MASS));
    const xAcc = temp - (POLEMASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
    const nx = x + CARTPOLE.tau * xDot;
    const nTheta = theta + CARTPOLE.tau * thetaDot;
    s[0] = nx;
    s[1] = xDot + CARTPOLE.tau * xAcc;
    s[2] = nTheta;
    s[3] = thetaDot + CARTPOLE.tau * thetaAcc;
    const terminated =
      nx < -CARTPOLE.xThreshold || nx > CARTPOLE.xThreshold || nTheta < -THETA_THRESHOLD_RADIANS || nTheta > THETA_THRESHOLD_RADIANS;
    const obs = new Float32Array(4);
    obs[0] = s[0];
    obs[1] = s[1];
    obs[2] = s[2];
    obs[3] = s[3];
    const reward = this.rewardFor(terminated);
    this.renderIfHuman();
    return this.result(obs, reward, terminated);
  }

  private rewardFor(terminated: boolean): number {
    if (!terminated) return this.suttonBartoReward ? 0.0 : 1.0;
    if (this.stepsBeyondTerminated === undefined) {
      this.stepsBeyondTerminated = 0;
      return this.suttonBartoReward ? -1.0 : 1.0;
    }
    if (this.stepsBeyondTerminated === 0) {
      this.warnOnce(
        "You are calling 'step()' even though this environment has already returned terminated = True. " +
          "You should always call 'reset()' once you receive 'terminated = True' -- any further steps are undefined behavior.",
      );
    }
    this.stepsBeyondTerminated += 1;
    return this.suttonBartoReward ? -1.0 : 0.0;
  }

  protected draw(canvas: Canvas): void {
    drawCartPole(canvas, this._state);
  }
}
