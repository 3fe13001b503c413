/**
 * MountainCar-v0, a port of Gymnasium 1.4's `MountainCarEnv`.
 *
 * ## Description
 * A car sits in a valley between two hills and its engine is too weak to drive straight up the right one: it has
 * to rock back and forth to build momentum (Moore, 1990).
 *
 * ## Action Space
 * `Discrete(3)`: 0 accelerates left, 1 does nothing, 2 accelerates right.
 *
 * ## Observation Space
 * `Box(float32, (2,))`: position in [-1.2, 0.6] and velocity in [-0.07, 0.07].
 *
 * ## Rewards
 * -1 on every step.
 *
 * ## Starting State
 * Position uniform in [-0.6, -0.4) (`options.low` / `options.high`), velocity 0.
 *
 * ## Episode End
 * Terminated when position ≥ 0.5 (the flag) and velocity ≥ `goalVelocity`; `make` truncates after 200 steps.
 *
 * ## Arguments
 * `new MountainCarEnv({ renderMode?, goalVelocity? })` (default goal velocity 0).
 *
 * ## Version History
 * v0: first version.
 *
 * Numerics: float64 throughout; velocity and position are clipped, and the car stops at the left wall.
 */
import type { ResetOptions, ResetResult, StepResult } from '../../src/env/env.js';
import { Box } from '../../src/env/spaces/box.js';
import { Discrete } from '../../src/env/spaces/discrete.js';
import { InvalidActionError } from '../../src/util/errors.js';
import type { Canvas } from '../../src/render/canvas.js';
import type { ClassicEnvOptions } from './classic-env.js';
import { Float64StateEnv } from './float64-state-env.js';
import { drawMountainCar, MAX_POSITION, MIN_POSITION } from './mountain-car-render.js';
import { parseResetBounds } from './reset-options.js';

export interface MountainCarOptions extends ClassicEnvOptions {
  goalVelocity?: number;
}

export const MOUNTAIN_CAR = {
  minPosition: MIN_POSITION,
  maxPosition: MAX_POSITION,
  maxSpeed: 0.07,
  goalPosition: 0.5,
  force: 0.001,
  gravity: 0.0025,
  resetLow: -0.6,
  resetHigh: -0.4,
  renderFps: 30,
  screenWidth: 600,
  screenHeight: 400,
} as const;

// `state` (Float64StateEnv): [position, velocity].
export class MountainCarEnv extends Float64StateEnv<number> {
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box({
    low: [MOUNTAIN_CAR.minPosition, -MOUNTAIN_CAR.maxSpeed],
    high: [MOUNTAIN_CAR.maxPosition, MOUNTAIN_CAR.maxSpeed],
    dtype: 'float32',
  });
  protected readonly screenWidth = MOUNTAIN_CAR.screenWidth;
  protected readonly screenHeight = MOUNTAIN_CAR.screenHeight;
  readonly goalVelocity: number;

  constructor(opts: MountainCarOptions = {}) {
    super(opts, MOUNTAIN_CAR.renderFps, 2);
    this.goalVelocity = opts.goalVelocity ?? 0;
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    const [low, high] = parseResetBounds(opts.options, MOUNTAIN_CAR.resetLow, MOUNTAIN_CAR.resetHigh, 'MountainCar');
    this._state[0] = this.npRandom.uniform(low, high, 1)[0];
    this._state[1] = 0;
    this._hasState = true;
    this.renderIfHuman();
    return { obs: Float32Array.from(this._state), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1 && action !== 2) {
      throw new InvalidActionError(
        `MountainCar: action ${String(action)} (${typeof action}) is not in ${this.actionSpace.toString()}; pass 0 (left), 1 (none) or 2 (right).`,
      );
    }
    this.requireState();
    let position = this._state[0];
    let velocity = this._state[1];
    velocity += (action - 1) * MOUNTAIN_CAR.force + Math.cos(3 * position) * -MOUNTAIN_CAR.gravity;
    velocity = Math.min(Math.max(velocity, -MOUNTAIN_CAR.maxSpeed), MOUNTAIN_CAR.maxSpeed);
    position += velocity;
    position = Math.min(Math.max(position, MOUNTAIN_CAR.minPosition), MOUNTAIN_CAR.maxPosition);
    if (position === MOUNTAIN_CAR.minPosition && velocity < 0) velocity = 0;
    const terminated = position >= MOUNTAIN_CAR.goalPosition && velocity >= this.goalVelocity;
    this._state[0] = position;
    this._state[1] = velocity;
    const obs = new Float32Array(2);
    obs[0] = position;
    obs[1] = velocity;
    this.renderIfHuman();
    return this.result(obs, -1.0, terminated);
  }

  protected draw(canvas: Canvas): void {
    drawMountainCar(canvas, this._state[0], MOUNTAIN_CAR.goalPosition);
  }
}
