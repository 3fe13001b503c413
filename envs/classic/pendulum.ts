/**
 * Pendulum-v1, a port of Gymnasium 1.4's `PendulumEnv`.
 *
 * ## Description
 * The inverted-pendulum swing-up: a rod hangs from a frictionless pivot and starts at a random angle; the agent
 * applies torque at the pivot to swing it up and hold it upright (angle 0, measured from the top).
 *
 * ## Action Space
 * `Box(-2, 2, (1,), float32)`: the torque. Out-of-range actions are clipped (no error), before both the dynamics
 * and the cost.
 *
 * ## Observation Space
 * `Box(float32, (3,))`: [cos θ, sin θ, θ̇] with bounds [±1, ±1, ±8].
 *
 * ## Rewards
 * -(angle_normalize(θ)² + 0.1·θ̇² + 0.001·u²) from the state before the step and the clipped torque; the worst
 * is about -16.27 and the best 0.
 *
 * ## Starting State
 * θ uniform in [-π, π) and θ̇ in [-1, 1) (`options.x_init` / `options.y_init` replace π and 1).
 *
 * ## Episode End
 * Never terminates; `make` truncates after 200 steps.
 *
 * ## Arguments
 * `new PendulumEnv({ renderMode?, g? })`: `g` is gravity (default 10.0).
 *
 * ## Version History
 * v1: simpler maths, and the angle is no longer wrapped inside the state. v0: first version.
 *
 * Numerics: a Float32Array action follows NumPy 2's float32 rules (the torque terms `3.0·u` and `0.001·u²` are
 * float32 products), a Float64Array or number[] action runs in float64. `state` is the live Float64Array.
 */
import type { ResetOptions, ResetResult, StepResult } from '../../src/env/env.js';
import { Box } from '../../src/env/spaces/box.js';
import type { Canvas } from '../../src/render/canvas.js';
import { type BoxAction, firstComponent } from './box-action.js';
import type { ClassicEnvOptions } from './classic-env.js';
import { Float64StateEnv } from './float64-state-env.js';
import { drawPendulum } from './pendulum-render.js';
import { numberOption } from './reset-options.js';

export interface PendulumOptions extends ClassicEnvOptions {
  /** Gravity (m/s²). */
  g?: number;
}

export const PENDULUM = {
  maxSpeed: 8,
  maxTorque: 2.0,
  dt: 0.05,
  defaultG: 10.0,
  mass: 1.0,
  length: 1.0,
  /** Reset bounds: θ ~ U[-π, π), θ̇ ~ U[-1, 1). */
  defaultXInit: Math.PI,
  defaultYInit: 1.0,
  renderFps: 30,
  screenDim: 500,
} as const;

const F32_MILLI = Math.fround(0.001);
const TWO_PI = 2 * Math.PI;

/** ((x + π) mod 2π) - π with floor modulo (Python's %, the result takes the sign of 2π). */
export function angleNormalize(x: number): number {
  let r = (x + Math.PI) % TWO_PI;
  if (r < 0) r += TWO_PI;
  return r - Math.PI;
}

// `state` (Float64StateEnv): [θ, θ̇].
export class PendulumEnv extends Float64StateEnv<BoxAction> {
  readonly actionSpace = new Box({ low: -PENDULUM.maxTorque, high: PENDULUM.maxTorque, shape: [1], dtype: 'float32' });
  readonly observationSpace = new Box({ low: [-1, -1, -PENDULUM.maxSpeed], high: [1, 1, PENDULUM.maxSpeed], dtype: 'float32' });
  protected readonly screenWidth = PENDULUM.screenDim;
  protected readonly screenHeight = PENDULUM.screenDim;
  readonly g: number;
  /** (3g / 2l), Gymnasium's `3 * g / (2 * l)`. */
  private readonly gravityTerm: number;
  private readonly torqueTerm = 3.0 / (PENDULUM.mass * PENDULUM.length ** 2);
  /** The last clipped torque (drawn as the arrow), undefined right after reset. */
  lastU: number | undefined = undefined;

  constructor(opts: PendulumOptions = {}) {
    super(opts, PENDULUM.renderFps, 2);
    this.g = opts.g ?? PENDULUM.defaultG;
    this.gravityTerm = (3 * this.g) / (2 * PENDULUM.length);
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    const x = numberOption(opts.options, 'x_init', PENDULUM.defaultXInit, 'Pendulum');
    const y = numberOption(opts.options, 'y_init', PENDULUM.defaultYInit, 'Pendulum');
    // uniform(low=-high, high=high) with array bounds: one draw per element, low + (high - low)·u.
    const rng = this.npRandom;
    const u = rng.random(2);
    this._state[0] = -x + (x - -x) * u[0];
    this._state[1] = -y + (y - -y) * u[1];
    this._hasState = true;
    this.lastU = undefined;
    this.renderIfHuman();
    return { obs: this.observation(), info: {} };
  }

  step(action: BoxAction): StepResult<Float32Array> {
    const raw = firstComponent(action, 'Pendulum', this.actionSpace);
    this.requireState();
    const isF32 = action instanceof Float32Array;
    const u = raw < -PENDULUM.maxTorque ? -PENDULUM.maxTorque : raw > PENDULUM.maxTorque ? PENDULUM.maxTorque : raw;
    this.lastU = u;
    const th = this._state[0];
    const thDot = this._state[1];
    // float32 action: u**2, 0.001*u² and 3.0*u are float32 operations under NumPy 2 (NEP 50).
    const controlCost = isF32 ? Math.fround(F32_MILLI * Math.fround(u * u)) : 0.001 * (u * u);
    const torqueAcc = isF32 ? Math.fround(this.torqueTerm * u) : this.torqueTerm * u;
    const an = angleNormalize(th);
    const cost = an * an + 0.1 * (thDot * thDot) + controlCost;
    let newThDot = thDot + (this.gravityTerm * Math.sin(th) + torqueAcc) * PENDULUM.dt;
    if (newThDot < -PENDULUM.maxSpeed) newThDot = -PENDULUM.maxSpeed;
    else if (newThDot > PENDULUM.maxSpeed) newThDot = PENDULUM.maxSpeed;
    this._state[0] = th + newThDot * PENDULUM.dt;
    this._state[1] = newThDot;
    this.renderIfHuman();
    return this.result(this.observation(), -cost, false);
  }

  private observation(): Float32Array {
    const obs = new Float32Array(3);
    obs[0] = Math.cos(this._state[0]);
    obs[1] = Math.sin(this._state[0]);
    obs[2] = this._state[1];
    return obs;
  }

  protected draw(canvas: Canvas): void {
    drawPendulum(canvas, this._state[0], this.lastU);
  }
}
