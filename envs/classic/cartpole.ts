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
import type { ClassicEnvOptions } from './classic-env.js';
import { Float64StateEnv } from './float64-state-env.js';
import { drawCartPole } from './cartpole-render.js';
import { parseResetBounds } from './reset-options.js';
import { CARTPOLE, cartPoleEulerStep, THETA_THRESHOLD_RADIANS } from './cartpole-physics.js';

export interface CartPoleOptions extends ClassicEnvOptions {
  /** Sutton & Barto's reward: 0 per step, -1 on (and after) termination. */
  suttonBartoReward?: boolean;
}

export { CARTPOLE, THETA_THRESHOLD_RADIANS };

// `state` (Float64StateEnv): [x, xDot, theta, thetaDot].
export class CartPoleEnv extends Float64StateEnv<number> {
  readonly actionSpace = new Discrete(2);
  readonly observationSpace = new Box({
    low: [-CARTPOLE.xThreshold * 2, -Infinity, -THETA_THRESHOLD_RADIANS * 2, -Infinity],
    high: [CARTPOLE.xThreshold * 2, Infinity, THETA_THRESHOLD_RADIANS * 2, Infinity],
    dtype: 'float32',
  });
  protected readonly screenWidth = CARTPOLE.screenWidth;
  protected readonly screenHeight = CARTPOLE.screenHeight;
  readonly suttonBartoReward: boolean;
  /** Gymnasium's `steps_beyond_terminated` (undefined until the first termination). */
  stepsBeyondTerminated: number | undefined = undefined;

  constructor(opts: CartPoleOptions = {}) {
    super(opts, CARTPOLE.renderFps, 4);
    this.suttonBartoReward = opts.suttonBartoReward ?? false;
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    const [low, high] = parseResetBounds(opts.options, -CARTPOLE.resetBound, CARTPOLE.resetBound, 'CartPole');
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
    const terminated = cartPoleEulerStep(s, 0, 1, action === 1 ? CARTPOLE.forceMag : -CARTPOLE.forceMag);
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
