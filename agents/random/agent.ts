import type { ActionSpec } from '../dreamer/actor.js';
import type { Agent, Metrics, PolicyOutput } from '../dreamer/agent.js';
import { Xoshiro128, type Xoshiro128State } from '../../src/replay/index.js';

/**
 * The baseline every result is compared with: uniformly random actions (one-hot for discrete spaces, uniform in
 * [-1, 1] for Box spaces, which the driver rescales to the bounds). Seeded, so its runs reproduce. It learns nothing.
 */
export class RandomAgent implements Agent<undefined> {
  private readonly rng: Xoshiro128;
  constructor(
    readonly actionSpec: ActionSpec,
    seed: number,
  ) {
    this.rng = new Xoshiro128(seed);
  }

  policy(_obs: Float32Array, isFirst: ArrayLike<boolean>): PolicyOutput<undefined> {
    const n = isFirst.length;
    const spec = this.actionSpec;
    const size = spec.kind === 'discrete' ? spec.n : spec.dims;
    const action = new Float32Array(n * size);
    if (spec.kind === 'discrete') {
      const picks = this.rng.integers(0, spec.n, n);
      for (let i = 0; i < n; i++) action[i * size + picks[i]!] = 1;
    } else {
      for (let i = 0; i < action.length; i++) action[i] = this.uniform() * 2 - 1;
    }
    return { action, state: undefined };
  }

  /** A float in [0, 1) from the seeded generator. */
  private uniform(): number {
    return this.rng.integers(0, UNIFORM_STEPS, 1)[0]! / UNIFORM_STEPS;
  }

  train(): Metrics {
    return {};
  }

  /** The generator's position, for checkpoints. */
  getState(): Xoshiro128State {
    return this.rng.getState();
  }

  setState(state: Xoshiro128State): void {
    this.rng.setState(state);
  }

  disposeState(): void {}
}

/** Resolution of uniform draws: 2^30 equally spaced values in [0, 1). */
const UNIFORM_STEPS = 2 ** 30;
