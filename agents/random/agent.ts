import { Xoshiro128, type Xoshiro128State } from '../../src/replay/index.js';
import { CheckpointError } from '../../src/util/errors.js';
import { actionSize, type ActionSpec, type Agent, type AgentParts, type Metrics, type PolicyMode, type PolicyOutput } from '../api.js';

/** The checkpoint part holding the generator's position: random.json. */
export const RANDOM_JSON = 'random';

/** The checkpoint part holding a holding explorer's current actions and their ages: random_hold.json. */
export const RANDOM_HOLD_JSON = 'random_hold';

/**
 * The baseline every result is compared with: uniformly random actions (one-hot for discrete spaces, uniform in
 * [-1, 1] for Box spaces, which the driver rescales to the bounds). Seeded, so its runs reproduce. It learns nothing.
 *
 * With `hold` > 1 (the prefill's `run.prefill_hold`) each sub-env keeps its action for `hold` steps, drawing a new
 * one at every episode start: a walk of held pushes goes much farther than one of per-step draws, whose mean is 0
 * (on MountainCarContinuous, per-step draws never reach the flag in 40 episodes; holds of 25 steps always do).
 */
export class RandomAgent implements Agent<undefined> {
  private readonly rng: Xoshiro128;
  /** hold > 1: each sub-env's current action [N, A] and how many steps it has been taken (grown on demand) */
  private held = new Float32Array(0);
  private ages: number[] = [];
  constructor(
    readonly actionSpec: ActionSpec,
    seed: number,
    readonly hold = 1,
  ) {
    // Unreachable from input: the schema refuses a run.prefill_hold that is not a whole number >= 1.
    if (!Number.isInteger(hold) || hold < 1) throw new RangeError(`RandomAgent: hold must be a whole number >= 1, got ${hold}`);
    this.rng = new Xoshiro128(seed);
  }

  policy(_obs: Float32Array, isFirst: ArrayLike<boolean>, _state?: undefined, mode: PolicyMode = 'explore'): PolicyOutput<undefined> {
    const n = isFirst.length;
    // Evaluation (the random baseline's score) draws every step and leaves the explorer's holds alone.
    if (this.hold === 1 || mode === 'eval') return { action: this.draw(n), state: undefined };
    const size = actionSize(this.actionSpec);
    if (this.ages.length !== n) [this.held, this.ages] = [new Float32Array(n * size), new Array<number>(n).fill(0)];
    for (let i = 0; i < n; i++) {
      if (isFirst[i] || this.ages[i]! % this.hold === 0) {
        this.held.set(this.draw(1), i * size);
        this.ages[i] = 0;
      }
      this.ages[i]! += 1;
    }
    return { action: this.held.slice(), state: undefined };
  }

  /** `n` fresh uniform actions [n, A]. */
  private draw(n: number): Float32Array {
    const spec = this.actionSpec;
    const size = actionSize(spec);
    const action = new Float32Array(n * size);
    if (spec.kind === 'discrete') {
      const picks = this.rng.integers(0, spec.n, n);
      for (let i = 0; i < n; i++) action[i * size + picks[i]!] = 1;
    } else {
      for (let i = 0; i < action.length; i++) action[i] = this.uniform() * 2 - 1;
    }
    return action;
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
    const json: AgentParts['json'] = { [RANDOM_JSON]: this.rng.getState() };
    if (this.hold > 1) json[RANDOM_HOLD_JSON] = { held: Array.from(this.held), ages: this.ages };
    return { tensors: {}, json };
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
    const held = parts.json[RANDOM_HOLD_JSON] as { held: number[]; ages: number[] } | undefined;
    // A checkpoint without it (hold 1, or written before holds) starts every sub-env on a fresh draw.
    [this.held, this.ages] = held === undefined ? [new Float32Array(0), []] : [Float32Array.from(held.held), [...held.ages]];
  }

  disposeState(): void {}
}

/** Resolution of uniform draws: 2^30 equally spaced values in [0, 1). */
const UNIFORM_STEPS = 2 ** 30;
