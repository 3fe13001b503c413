import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import { Box } from '../../src/env/spaces/box.js';
import { Discrete } from '../../src/env/spaces/discrete.js';
import { EnvError, InvalidActionError, ResetNeededError } from '../../src/util/errors.js';

/**
 * Shared frame of the behaviour-suite envs: a `Discrete(n)` action space, a flat float32 `Box` observation in
 * [low, high], no render modes, the action check and the "reset first" check. A subclass draws its episode's
 * randomness in `start()` from `npRandom` (seeded by `reset({ seed })`) and writes the observation in `observe()`.
 */
export abstract class BsuiteEnv extends Env<Float32Array, number> {
  readonly actionSpace: Discrete;
  readonly observationSpace: Box;
  private started = false;

  constructor(numActions: number, obsSize: number, obsLow = 0, obsHigh = 1) {
    super();
    this.actionSpace = new Discrete(numActions);
    this.observationSpace = new Box({ low: obsLow, high: obsHigh, shape: [obsSize], dtype: 'float32' });
    this.metadata = { renderModes: [] };
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    this.start();
    this.started = true;
    return { obs: this.observation(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (!Number.isInteger(action) || action < 0 || action >= this.actionSpace.n) {
      throw new InvalidActionError(
        `${this.constructor.name}: action ${String(action)} is not in ${this.actionSpace.toString()}; pass an integer 0..${this.actionSpace.n - 1}.`,
      );
    }
    if (!this.started) throw new ResetNeededError(`${this.constructor.name}: call reset() before step(); the env has no state yet.`);
    const { reward, terminated } = this.advance(action);
    return { obs: this.observation(), reward, terminated, truncated: false, info: {} };
  }

  /** Draws a new episode's start state. */
  protected abstract start(): void;
  /** Applies one action to the state. */
  protected abstract advance(action: number): { reward: number; terminated: boolean };
  /** Writes the current state as the flat observation. */
  protected abstract observe(obs: Float32Array): void;

  private observation(): Float32Array {
    const obs = new Float32Array(this.observationSpace.shape[0] ?? 0);
    this.observe(obs);
    return obs;
  }
}

/** Reads an integer keyword argument >= `min`, or `fallback` when it is absent. */
export function intKwarg(kwargs: Record<string, unknown>, name: string, fallback: number, min: number, envName: string): number {
  const value = kwargs[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new EnvError(`${envName}: ${name} must be an integer >= ${min}, got ${String(value)}; pass e.g. { ${name}: ${fallback} }.`);
  }
  return value;
}
