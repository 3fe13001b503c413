/**
 * bsuite/memory_length-v0: recall a cue after N steps (after bsuite's Memory Length; our own implementation).
 *
 * ## Description
 * The first observation shows a cue, 0 or 1; later observations hide it. After `length` (10) steps the
 * observation asks for it, and the action taken then must repeat the cue. Probes memory: the policy must carry
 * one bit through its recurrent state.
 *
 * ## Action Space
 * `Discrete(2)`: the answer. Only the action taken at the query step counts.
 *
 * ## Observation Space
 * `Box(float32, (4,), 0, 1)`: [t / length, cue is 0, cue is 1, query flag]. The two cue entries are a one-hot at
 * t = 0 and both 0 afterwards; the query flag is 1 at t = length - 1 (the step whose action counts).
 *
 * ## Rewards
 * 0 until the query step; there +1 if the action equals the cue, -1 otherwise.
 *
 * ## Starting State
 * t = 0, cue uniform over {0, 1} from the env's generator.
 *
 * ## Episode End
 * Terminated at the query step, the `length`-th step. Registered with a limit of 10 steps.
 *
 * ## Arguments
 * `make('bsuite/memory_length-v0', { length?: 10 })`.
 */
import { BsuiteEnv, intKwarg } from './bsuite-env.js';

export class MemoryLengthEnv extends BsuiteEnv {
  readonly length: number;
  t = 0;
  cue = 0;

  constructor(kwargs: { length?: number } = {}) {
    const length = intKwarg(kwargs, 'length', 10, 1, 'MemoryLength');
    super(2, 4);
    this.length = length;
  }

  protected start(): void {
    this.t = 0;
    this.cue = this.npRandom.integers(0, 2, 1)[0] ?? 0;
  }

  protected advance(action: number): { reward: number; terminated: boolean } {
    if (this.t >= this.length) return { reward: 0, terminated: true };
    const query = this.t === this.length - 1;
    this.t += 1;
    if (!query) return { reward: 0, terminated: false };
    return { reward: action === this.cue ? 1 : -1, terminated: true };
  }

  protected observe(obs: Float32Array): void {
    obs[0] = Math.min(this.t, this.length) / this.length;
    if (this.t === 0) obs[1 + this.cue] = 1;
    obs[3] = this.t === this.length - 1 ? 1 : 0;
  }
}
