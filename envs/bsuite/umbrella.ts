/**
 * bsuite/umbrella-v0: an early choice decides the late reward (after bsuite's Umbrella Length; our own implementation).
 *
 * ## Description
 * At the first step the agent sees whether it will rain and takes the umbrella (action 1) or not (0); `length`
 * (20) steps later it is paid +1 if it took the umbrella exactly when rain was due, -1 otherwise. Every step in
 * between pays a random +1 or -1 and shows random distractor bits. Probes credit assignment through noise.
 *
 * ## Action Space
 * `Discrete(2)`: at the first step, 1 takes the umbrella and 0 leaves it; afterwards ignored.
 *
 * ## Observation Space
 * `Box(float32, (3 + distractors,), 0, 1)`: [rain due (0/1), umbrella taken (0/1), t / length], then
 * `distractors` (20) random bits redrawn every step.
 *
 * ## Rewards
 * Steps 1 .. length-1: +1 or -1 with equal chance (mean 0). Step `length`: +1 if umbrella taken == rain due, else -1.
 *
 * ## Starting State
 * Rain due with probability 1/2, no umbrella, t = 0, fresh distractor bits; all from the env's generator.
 *
 * ## Episode End
 * Terminated after `length` steps. Registered with a limit of 20 steps.
 *
 * ## Arguments
 * `make('bsuite/umbrella-v0', { length?: 20, distractors?: 20 })`.
 */
import { BsuiteEnv, intKwarg } from './bsuite-env.js';

export class UmbrellaEnv extends BsuiteEnv {
  readonly length: number;
  readonly distractors: number;
  t = 0;
  rainDue = false;
  umbrella = false;
  private bits: Float64Array = new Float64Array(0);

  constructor(kwargs: { length?: number; distractors?: number } = {}) {
    const length = intKwarg(kwargs, 'length', 20, 2, 'Umbrella');
    const distractors = intKwarg(kwargs, 'distractors', 20, 0, 'Umbrella');
    super(2, 3 + distractors);
    this.length = length;
    this.distractors = distractors;
  }

  protected start(): void {
    this.t = 0;
    this.rainDue = (this.npRandom.integers(0, 2, 1)[0] ?? 0) === 1;
    this.umbrella = false;
    this.bits = this.npRandom.integers(0, 2, this.distractors);
  }

  protected advance(action: number): { reward: number; terminated: boolean } {
    if (this.t >= this.length) return { reward: 0, terminated: true };
    if (this.t === 0) this.umbrella = action === 1;
    this.t += 1;
    this.bits = this.npRandom.integers(0, 2, this.distractors);
    if (this.t < this.length) return { reward: (this.npRandom.integers(0, 2, 1)[0] ?? 0) === 1 ? 1 : -1, terminated: false };
    return { reward: this.umbrella === this.rainDue ? 1 : -1, terminated: true };
  }

  protected observe(obs: Float32Array): void {
    obs[0] = this.rainDue ? 1 : 0;
    obs[1] = this.umbrella ? 1 : 0;
    obs[2] = this.t / this.length;
    obs.set(this.bits, 3);
  }
}
