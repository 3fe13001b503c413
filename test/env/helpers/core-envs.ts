/**
 * Small envs for the registry, core-wrapper and checker tests. GoodEnv follows the contract; each Broken* env
 * breaks exactly one rule so the checker test can name the finding it expects.
 */
import { Env, type EnvMetadata, type Frame, type RenderMode, type ResetOptions, type ResetResult, type StepResult } from '../../../src/env/env.js';
import { Box } from '../../../src/env/spaces/box.js';
import { Discrete } from '../../../src/env/spaces/discrete.js';

export interface GoodEnvOptions {
  renderMode?: RenderMode;
  /** Step on which the episode terminates (default never). */
  terminateAt?: number;
  /** Added to every reward. */
  bonus?: number;
}

/** obs = [position, t] (float32); reset draws position ~ U(-0.05, 0.05) from npRandom; reward = 1 + bonus. */
export class GoodEnv extends Env<Float32Array, number> {
  observationSpace = new Box({ low: [-10, 0], high: [10, 1000] });
  actionSpace = new Discrete(2);
  position = 0;
  t = 0;
  readonly terminateAt: number;
  readonly bonus: number;

  constructor({ renderMode, terminateAt = Infinity, bonus = 0 }: GoodEnvOptions = {}) {
    super();
    this.metadata = { renderModes: ['rgb_array'], renderFps: 30 } satisfies EnvMetadata;
    this.renderMode = renderMode;
    this.terminateAt = terminateAt;
    this.bonus = bonus;
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    this.position = this.npRandom.uniform(-0.05, 0.05, 1)[0];
    this.t = 0;
    return { obs: this.obs(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    this.position += action === 1 ? 0.1 : -0.1;
    this.t += 1;
    return { obs: this.obs(), reward: 1 + this.bonus, terminated: this.t >= this.terminateAt, truncated: false, info: {} };
  }

  protected obs(): Float32Array {
    return Float32Array.from([this.position, this.t]);
  }

  override render(): Frame | undefined {
    if (this.renderMode !== 'rgb_array') return undefined;
    const data = new Uint8Array(4 * 6 * 3).fill(this.t % 256);
    return { data, shape: [4, 6, 3] };
  }
}

/** Returns NaN in the obs after a step. */
export class NanObsEnv extends GoodEnv {
  protected override obs(): Float32Array {
    return Float32Array.from([this.t > 0 ? NaN : this.position, this.t]);
  }
}

/** Returns three values where the space has two. */
export class WrongShapeEnv extends GoodEnv {
  protected override obs(): Float32Array {
    return Float32Array.from([this.position, this.t, 0]);
  }
}

/** Draws the initial state from Math.random instead of its seeded generator. */
export class UnseededEnv extends GoodEnv {
  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    this.position = (Math.random() - 0.5) * 0.1;
    this.t = 0;
    return { obs: this.obs(), info: {} };
  }
}

/** Forgets to call super.reset(opts): seeds are ignored. */
export class NoSuperResetEnv extends GoodEnv {
  override reset(): ResetResult<Float32Array> {
    this.position = this.npRandom.uniform(-0.05, 0.05, 1)[0];
    this.t = 0;
    return { obs: this.obs(), info: {} };
  }
}

/** Returns a string reward and a numeric terminated flag. */
export class BadStepTypesEnv extends GoodEnv {
  override step(action: number): StepResult<Float32Array> {
    const r = super.step(action);
    return { ...r, reward: '1' as unknown as number, terminated: 0 as unknown as boolean };
  }
}

/** Its observation space is a plain object, not a Space. */
export class NoSpaceEnv extends GoodEnv {
  constructor() {
    super();
    this.observationSpace = { shape: [2] } as unknown as Box;
  }
}
