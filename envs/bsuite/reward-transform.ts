/**
 * The scale and noise tasks: catch or CartPole with every reward multiplied by `scale` and Gaussian noise of
 * standard deviation `noiseStd` added (after bsuite's *_scale and *_noise tasks; our own implementation).
 *
 * ## Description
 * The inner env's dynamics unchanged; only the reward differs. Probes robustness: an agent whose learning depends
 * on the reward's magnitude (scale) or on clean rewards (noise) fails here where it learns the plain task.
 *
 * ## Action Space / Observation Space / Starting State / Episode End
 * The inner env's (catch: see ./catch.ts; CartPole-v1: see envs/classic/cartpole.ts).
 *
 * ## Rewards
 * `scale * r + noiseStd * z`, with `r` the inner reward and `z` a standard normal from the env's generator
 * (no draw when `noiseStd` is 0). The score divides the return by `scale`, so every variant aims at the same number.
 *
 * ## Arguments
 * `new RewardTransformEnv(inner, { scale?: 1, noiseStd?: 0 })`; the registered ids fix them
 * (`bsuite/catch_scale_small-v0` is catch with scale 0.001, ...) and accept the inner env's kwargs.
 */
import { Env, type Frame, type RenderMode, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import type { Space } from '../../src/env/spaces/space.js';
import { EnvError } from '../../src/util/errors.js';

export interface RewardTransform {
  scale?: number;
  noiseStd?: number;
}

export class RewardTransformEnv<O> extends Env<O, number> {
  readonly scale: number;
  readonly noiseStd: number;

  constructor(
    readonly inner: Env<O, number>,
    transform: RewardTransform,
  ) {
    super();
    this.scale = transform.scale ?? 1;
    this.noiseStd = transform.noiseStd ?? 0;
    if (!(Number.isFinite(this.scale) && this.scale !== 0) || !(Number.isFinite(this.noiseStd) && this.noiseStd >= 0)) {
      throw new EnvError(`RewardTransformEnv: scale must be finite and non-zero and noiseStd finite and >= 0, got ${this.scale} and ${this.noiseStd}.`);
    }
    this.metadata = inner.metadata;
  }

  get observationSpace(): Space<O> {
    return this.inner.observationSpace;
  }

  get actionSpace(): Space<number> {
    return this.inner.actionSpace;
  }

  // One generator for the inner env's draws and the noise: `reset({ seed })` on this env reproduces both.
  override get npRandom(): RandomGenerator {
    return this.inner.npRandom;
  }
  override set npRandom(rng: RandomGenerator) {
    this.inner.npRandom = rng;
  }

  override reset(opts: ResetOptions = {}): ResetResult<O> {
    const result = this.inner.reset(opts);
    this.npRandomSeed = this.inner.npRandomSeed;
    return result;
  }

  step(action: number): StepResult<O> {
    const result = this.inner.step(action);
    const noise = this.noiseStd > 0 ? this.noiseStd * (this.npRandom.normal(0, 1, 1)[0] ?? 0) : 0;
    return { ...result, reward: this.scale * result.reward + noise };
  }

  override get renderMode(): RenderMode | undefined {
    return this.inner.renderMode;
  }
  override set renderMode(mode: RenderMode | undefined) {
    this.inner.renderMode = mode;
  }

  override render(): Frame | Frame[] | string | undefined {
    return this.inner.render();
  }

  override close(): void {
    this.inner.close();
  }
}
