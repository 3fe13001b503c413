/**
 * Acrobot-v1, a port of Gymnasium 1.4's `AcrobotEnv`.
 *
 * ## Description
 * Two links hang in a chain from a fixed pivot; only the joint between them is actuated. Swing the free end
 * above a line one link-length over the pivot (Sutton 1996; Sutton & Barto's book dynamics).
 *
 * ## Action Space
 * `Discrete(3)`: torque -1, 0 or +1 on the middle joint.
 *
 * ## Observation Space
 * `Box(float32, (6,))`: [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2], with θ̇1 in ±4π and θ̇2 in ±9π. θ1 is the
 * first link's angle from straight down, θ2 the second link's angle relative to the first.
 *
 * ## Rewards
 * -1 per step until the goal is reached, 0 on the step that reaches it.
 *
 * ## Starting State
 * All four of θ1, θ2, θ̇1, θ̇2 uniform in [-0.1, 0.1) (`options.low` / `options.high`), rounded to float32.
 *
 * ## Episode End
 * Terminated when -cos θ1 - cos(θ2 + θ1) > 1; `make` truncates after 500 steps.
 *
 * ## Arguments
 * `new AcrobotEnv({ renderMode? })`. Torque noise is 0 and the "book" dynamics are used, as in Gymnasium.
 *
 * ## Version History
 * v1: maximum episode length 500 (v0 had 200 and the nips dynamics option).
 *
 * Numerics: one RK4 step of 0.2 s in float64, angles wrapped into [-π, π], speeds clamped. As in Gymnasium there
 * is no action check: -1, -2 and -3 index the torque table from its end (Python indexing); other values throw.
 */
import type { ResetOptions, ResetResult, StepResult } from '../../src/env/env.js';
import { Box } from '../../src/env/spaces/box.js';
import { Discrete } from '../../src/env/spaces/discrete.js';
import { InvalidActionError } from '../../src/util/errors.js';
import type { Canvas } from '../../src/render/canvas.js';
import { ACROBOT_PHYSICS, bound, Rk4Scratch, rk4Step, wrap } from './acrobot-dynamics.js';
import { drawAcrobot } from './acrobot-render.js';
import type { ClassicEnvOptions } from './classic-env.js';
import { Float64StateEnv } from './float64-state-env.js';
import { parseResetBounds } from './reset-options.js';

export type AcrobotOptions = ClassicEnvOptions;

/** Torque for each action (Gymnasium's AVAIL_TORQUE). */
export const AVAIL_TORQUE = [-1.0, 0.0, +1] as const;
const RESET_BOUND = 0.1;
const RENDER_FPS = 15;
const SCREEN_DIM = 500;
const GOAL_HEIGHT = 1.0;

// `state` (Float64StateEnv): [θ1, θ2, θ̇1, θ̇2].
export class AcrobotEnv extends Float64StateEnv<number> {
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box({
    low: [-1, -1, -1, -1, -ACROBOT_PHYSICS.maxVel1, -ACROBOT_PHYSICS.maxVel2],
    high: [1, 1, 1, 1, ACROBOT_PHYSICS.maxVel1, ACROBOT_PHYSICS.maxVel2],
    dtype: 'float32',
  });
  protected readonly screenWidth = SCREEN_DIM;
  protected readonly screenHeight = SCREEN_DIM;
  private readonly scratch = new Rk4Scratch();

  constructor(opts: AcrobotOptions = {}) {
    super(opts, RENDER_FPS, 4);
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    const [low, high] = parseResetBounds(opts.options, -RESET_BOUND, RESET_BOUND, 'Acrobot');
    // Gymnasium casts the reset draw to float32 (`.astype(np.float32)`).
    this._state.set(Float32Array.from(this.npRandom.uniform(low, high, 4)));
    this._hasState = true;
    this.renderIfHuman();
    return { obs: this.observation(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    const torque = torqueFor(action);
    this.requireState();
    const s = this._state;
    rk4Step(s, torque, this.scratch);
    s[0] = wrap(s[0], -Math.PI, Math.PI);
    s[1] = wrap(s[1], -Math.PI, Math.PI);
    s[2] = bound(s[2], -ACROBOT_PHYSICS.maxVel1, ACROBOT_PHYSICS.maxVel1);
    s[3] = bound(s[3], -ACROBOT_PHYSICS.maxVel2, ACROBOT_PHYSICS.maxVel2);
    const cos0 = Math.cos(s[0]);
    const terminated = -cos0 - Math.cos(s[1] + s[0]) > GOAL_HEIGHT;
    this.renderIfHuman();
    return this.result(this.observation(cos0), terminated ? 0.0 : -1.0, terminated);
  }

  /** [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2] as float32; `cos0` reuses cos θ1 when the caller has it. */
  private observation(cos0 = Math.cos(this._state[0])): Float32Array {
    const s = this._state;
    const obs = new Float32Array(6);
    obs[0] = cos0;
    obs[1] = Math.sin(s[0]);
    obs[2] = Math.cos(s[1]);
    obs[3] = Math.sin(s[1]);
    obs[4] = s[2];
    obs[5] = s[3];
    return obs;
  }

  protected draw(canvas: Canvas): void {
    drawAcrobot(canvas, this._state[0], this._state[1]);
  }
}

/** AVAIL_TORQUE[action] with Python list indexing: -3..2 are valid, anything else is an error. */
function torqueFor(action: number): number {
  if (Number.isInteger(action) && action >= -AVAIL_TORQUE.length && action < AVAIL_TORQUE.length) {
    return AVAIL_TORQUE[action < 0 ? action + AVAIL_TORQUE.length : action];
  }
  throw new InvalidActionError(
    `Acrobot: action ${String(action)} (${typeof action}) is not in Discrete(3); pass 0 (torque -1), 1 (0) or 2 (+1).`,
  );
}
