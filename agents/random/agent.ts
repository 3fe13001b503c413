import { Xoshiro128, type Xoshiro128State } from '../../src/replay/index.js';
import { CheckpointError } from '../../src/util/errors.js';
import { actionSize, type ActionSpec, type Agent, type AgentParts, type Metrics, type PolicyOutput } from '../api.js';

/** The checkpoint part holding the generator's position: random.json. */
export const RANDOM_JSON = 'random';

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
    const size = actionSize(spec);
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

  report(): Metrics {
    return {};
  }

  /** The generator's position (no weights). */
  save(): AgentParts {
    return { tensors: {}, json: { [RANDOM_JSON]: this.rng.getState() } };
  }

  /**
   * Acting needs nothing from a checkpoint (the generator starts at the run's seed); `training` continues the
   * generator. Checkpoints before the agent contract kept the prefill generator bare, as `run.json`'s `explore`:
   * the run hands that over as `{ json: { random: state } }` too.
   */
  load(parts: AgentParts, scope: 'policy' | 'training', source: string): void {
    if (scope === 'policy') return;
    const state = parts.json[RANDOM_JSON] as Xoshiro128State | undefined;
    if (state?.bitGenerator !== 'xoshiro128**' || !Array.isArray(state.s)) {
      throw new CheckpointError(`${source} has no ${RANDOM_JSON}.json with the random agent's generator: it cannot resume this run; pick a checkpoint written by \`dreamer train\`.`);
    }
    this.rng.setState(state);
  }

  disposeState(): void {}
}

/** Resolution of uniform draws: 2^30 equally spaced values in [0, 1). */
const UNIFORM_STEPS = 2 ** 30;
