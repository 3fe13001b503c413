/**
 * Tiny deterministic envs for wrapper and vector-env tests. Every value they produce is a closed form of the
 * step count, the action and the reset count, so tests can predict each output by hand.
 */
import { Env, type Frame, type Info, type ResetOptions, type ResetResult, type StepResult } from '../../../src/env/env.js';
import { Box } from '../../../src/env/spaces/box.js';
import { Discrete } from '../../../src/env/spaces/discrete.js';

export interface CounterEnvOptions {
  /** Step (1-based, since reset) on which terminated = true. */
  terminateAt?: number;
  /** Step on which truncated = true. */
  truncateAt?: number;
}

/** Actions that make CounterEnv fail: throw in step(), or call process.exit (use only inside a worker). */
export const ACTION_THROW = 99;
export const ACTION_EXIT_THREAD = 98;
/** Never returns (use only inside a worker, with a timeout). */
export const ACTION_HANG = 97;

/**
 * obs = Float32Array [t, resets, u]: t = steps since reset, resets = number of resets so far, and
 * u = the first uniform draw of the env's generator at reset (0 on steps), which tests seeding.
 * reward = 10 * t + action. Step info: { t }. Reset info: { resets }.
 */
export class CounterEnv extends Env<Float32Array, number> {
  readonly observationSpace = new Box({ low: -Infinity, high: Infinity, shape: [3], dtype: 'float32' });
  readonly actionSpace = new Discrete(3);
  t = 0;
  resets = 0;

  constructor(readonly opts: CounterEnvOptions = {}) {
    super();
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    this.t = 0;
    this.resets += 1;
    const u = this.npRandom.uniform(0, 1, 1)[0];
    return { obs: Float32Array.from([0, this.resets, u]), info: { resets: this.resets } };
  }

  step(action: number): StepResult<Float32Array> {
    if (action === ACTION_THROW) throw new Error('CounterEnv was asked to fail');
    // Only ever sent to an AsyncVectorEnv worker: it ends that thread, not the test process.
    if (action === ACTION_EXIT_THREAD) process.exit(3);
    while (action === ACTION_HANG);
    this.t += 1;
    const info: Info = { t: this.t };
    return {
      obs: Float32Array.from([this.t, this.resets, 0]),
      reward: 10 * this.t + action,
      terminated: this.t === this.opts.terminateAt,
      truncated: this.t === this.opts.truncateAt,
      info,
    };
  }
}

/** Box(low, high, [2], float32) actions; obs is the action it received, as float64, and it keeps the raw action. */
export class EchoEnv extends Env<Float64Array, ArrayLike<number>> {
  readonly observationSpace = new Box({ low: -Infinity, high: Infinity, shape: [2], dtype: 'float64' });
  readonly actionSpace: Box<'float32'>;
  lastAction: ArrayLike<number> | undefined;

  constructor(low: number | number[] = -1, high: number | number[] = 1) {
    super();
    this.actionSpace = new Box({ low, high, shape: [2], dtype: 'float32' });
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float64Array> {
    super.reset(opts);
    return { obs: new Float64Array(2), info: {} };
  }

  step(action: ArrayLike<number>): StepResult<Float64Array> {
    this.lastAction = action;
    return { obs: Float64Array.from(action), reward: action[0] + action[1], terminated: false, truncated: false, info: {} };
  }
}

/** Renders 'rgb_array' frames of height x width whose pixel (y, x, c) = (y * 10 + x + c + t) mod 256; obs = [t]. */
export class PatternEnv extends Env<Float64Array, number> {
  readonly observationSpace = new Box({ low: 0, high: 1000, shape: [1], dtype: 'float64' });
  readonly actionSpace = new Discrete(2);
  t = 0;

  constructor(
    readonly height = 4,
    readonly width = 6,
  ) {
    super();
    this.renderMode = 'rgb_array';
    this.metadata = { renderModes: ['rgb_array'], renderFps: 30 };
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float64Array> {
    super.reset(opts);
    this.t = 0;
    return { obs: Float64Array.from([0]), info: {} };
  }

  step(): StepResult<Float64Array> {
    this.t += 1;
    return { obs: Float64Array.from([this.t]), reward: 0, terminated: false, truncated: false, info: {} };
  }

  override render(): Frame {
    const data = new Uint8Array(this.height * this.width * 3);
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        for (let c = 0; c < 3; c++) data[(y * this.width + x) * 3 + c] = (y * 10 + x + c + this.t) % 256;
      }
    }
    return { data, shape: [this.height, this.width, 3] };
  }
}

/** Image observations: Box(0, 255, [h, w, c], uint8) holding the given image on every reset and step. */
export class ImageEnv extends Env<Uint8Array, number> {
  readonly observationSpace: Box<'uint8'>;
  readonly actionSpace = new Discrete(1);

  constructor(
    readonly image: Uint8Array,
    shape: [number, number, number] | [number, number],
  ) {
    super();
    this.observationSpace = new Box({ low: 0, high: 255, shape, dtype: 'uint8' });
  }

  override reset(opts: ResetOptions = {}): ResetResult<Uint8Array> {
    super.reset(opts);
    return { obs: this.image, info: {} };
  }

  step(): StepResult<Uint8Array> {
    return { obs: this.image, reward: 0, terminated: false, truncated: false, info: {} };
  }
}
