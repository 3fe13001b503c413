/**
 * MountainCarContinuous-v0, a port of Gymnasium 1.4's `Continuous_MountainCarEnv`.
 *
 * ## Description
 * The mountain-car valley with a continuous engine: the car must rock back and forth to climb the right hill,
 * and fuel costs reward.
 *
 * ## Action Space
 * `Box(-1, 1, (1,), float32)`: the engine force, clipped to [-1, 1] in the dynamics (not in the reward).
 *
 * ## Observation Space
 * `Box(float32, (2,))`: position in [-1.2, 0.6] and velocity in [-0.07, 0.07].
 *
 * ## Rewards
 * -0.1·a² per step with the unclipped action, plus 100 on every step that ends in the goal.
 *
 * ## Starting State
 * Position uniform in [-0.6, -0.4) (`options.low` / `options.high`), velocity 0.
 *
 * ## Episode End
 * Terminated when position ≥ 0.45 and velocity ≥ `goalVelocity`; `make` truncates after 999 steps.
 *
 * ## Arguments
 * `new MountainCarContinuousEnv({ renderMode?, goalVelocity? })` (default goal velocity 0).
 *
 * ## Version History
 * v0: first version.
 *
 * Numerics: Gymnasium stores the state as a float32 array after every step and returns that array as the
 * observation; with a Float32Array action the arithmetic follows NumPy 2's float32 promotion (./numpy-scalar.ts).
 * After reset the state is a Float64Array (float64 values), after a step a Float32Array, exactly as in Python.
 */
import type { ResetOptions, ResetResult, StepResult } from '../../src/env/env.js';
import { Box } from '../../src/env/spaces/box.js';
import type { Canvas } from '../../src/render/canvas.js';
import { type BoxAction, firstComponent } from './box-action.js';
import { ClassicControlEnv, type ClassicEnvOptions } from './classic-env.js';
import { drawMountainCar, MAX_POSITION, MIN_POSITION } from './mountain-car-render.js';
import { addK, clampConst, eqConst, F32, F64, geConst, ltConst, mulK, PY, resultKind, subK, type ScalarKind } from './numpy-scalar.js';
import { parseResetBounds } from './reset-options.js';

export interface MountainCarContinuousOptions extends ClassicEnvOptions {
  goalVelocity?: number;
}

export const MOUNTAIN_CAR_CONTINUOUS = {
  minAction: -1.0,
  maxAction: 1.0,
  minPosition: MIN_POSITION,
  maxPosition: MAX_POSITION,
  maxSpeed: 0.07,
  goalPosition: 0.45,
  power: 0.0015,
  gravity: 0.0025,
  goalReward: 100.0,
  actionCost: 0.1,
  resetLow: -0.6,
  resetHigh: -0.4,
  renderFps: 30,
  screenWidth: 600,
  screenHeight: 400,
} as const;
const C = MOUNTAIN_CAR_CONTINUOUS;
const THREE = 3;

export class MountainCarContinuousEnv extends ClassicControlEnv<BoxAction> {
  readonly actionSpace = new Box({ low: C.minAction, high: C.maxAction, shape: [1], dtype: 'float32' });
  readonly observationSpace = new Box({
    low: [C.minPosition, -C.maxSpeed],
    high: [C.maxPosition, C.maxSpeed],
    dtype: 'float32',
  });
  protected readonly screenWidth = C.screenWidth;
  protected readonly screenHeight = C.screenHeight;
  readonly goalVelocity: number;
  /** [position, velocity]: Float64Array after reset, Float32Array after a step (Gymnasium's dtypes). */
  state: Float32Array | Float64Array | undefined = undefined;

  constructor(opts: MountainCarContinuousOptions = {}) {
    super(opts, C.renderFps);
    this.goalVelocity = opts.goalVelocity ?? 0;
  }

  protected hasState(): boolean {
    return this.state !== undefined;
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    const [low, high] = parseResetBounds(opts.options, C.resetLow, C.resetHigh, 'MountainCarContinuous');
    this.state = Float64Array.of(this.npRandom.uniform(low, high, 1)[0], 0);
    this.renderIfHuman();
    return { obs: Float32Array.from(this.state), info: {} };
  }

  step(action: BoxAction): StepResult<Float32Array> {
    const a = firstComponent(action, 'MountainCarContinuous', this.actionSpace);
    this.requireState();
    const state = this.state as Float32Array | Float64Array;
    const stateKind: ScalarKind = state instanceof Float32Array ? F32 : F64;
    // force = min(max(a, -1.0), 1.0): Python's min/max keep the first argument unless the other is strictly beyond.
    const force = clampConst(a, action instanceof Float32Array ? F32 : F64, C.minAction, C.maxAction);

    // velocity += force * power - 0.0025 * math.cos(3 * position), then clipped to ±max_speed
    const gravityTerm = C.gravity * Math.cos(mulK(THREE, PY, state[0], stateKind)); // a Python float
    const delta = subK(mulK(force.value, force.kind, C.power, PY), force.kind, gravityTerm, PY);
    const speed = addK(state[1], stateKind, delta, force.kind);
    const v = clampConst(speed, resultKind(stateKind, force.kind), -C.maxSpeed, C.maxSpeed);
    let velocity = v.value;
    let velocityKind = v.kind;
    // position += velocity, then clipped to [min_position, max_position]
    const moved = addK(state[0], stateKind, velocity, velocityKind);
    const { value: position, kind: positionKind } = clampConst(moved, resultKind(stateKind, velocityKind), C.minPosition, C.maxPosition);
    if (eqConst(position, positionKind, C.minPosition) && ltConst(velocity, velocityKind, 0)) {
      velocity = 0;
      velocityKind = PY;
    }

    const terminated = geConst(position, positionKind, C.goalPosition) && geConst(velocity, velocityKind, this.goalVelocity);
    const reward = (terminated ? C.goalReward : 0) - a * a * C.actionCost;
    const next = new Float32Array(2);
    next[0] = position;
    next[1] = velocity;
    this.state = next;
    this.renderIfHuman();
    return this.result(next, reward, terminated);
  }

  protected draw(canvas: Canvas): void {
    drawMountainCar(canvas, (this.state as Float32Array | Float64Array)[0], C.goalPosition);
  }
}
