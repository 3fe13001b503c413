/**
 * bsuite/bandit-v0: a multi-armed bandit (after bsuite's Bandit; our own implementation).
 *
 * ## Description
 * One-step episodes: pull one of `arms` (11) arms. Arm rewards are the evenly spaced values 0, 0.1, ..., 1 in an
 * order fixed by `mappingSeed`, the same in every episode, so the agent must find the best arm by trying.
 * Probes the basics: exploration among few actions and learning from reward alone.
 *
 * ## Action Space
 * `Discrete(arms)`: the arm to pull.
 *
 * ## Observation Space
 * `Box(float32, (1,), 0, 1)`: always 1 (the bandit has no state).
 *
 * ## Rewards
 * Arm `a` pays `order[a] / (arms - 1)` with no noise, where `order` is a permutation of `0..arms-1` drawn from
 * `mappingSeed`: the best arm pays 1, the average arm 0.5.
 *
 * ## Starting State
 * The constant observation; the arm order is part of the task, not of the episode (`reset({ seed })` does not
 * change it, so training and evaluation envs with different seeds face the same bandit).
 *
 * ## Episode End
 * Terminated after one step.
 *
 * ## Arguments
 * `make('bsuite/bandit-v0', { arms?: 11, mappingSeed?: 0 })`.
 */
import { seedingNpRandom } from '../../src/env/seeding.js';
import { BsuiteEnv, intKwarg } from './bsuite-env.js';

export class BanditEnv extends BsuiteEnv {
  /** The reward of each arm. */
  readonly armRewards: readonly number[];

  constructor(kwargs: { arms?: number; mappingSeed?: number } = {}) {
    const arms = intKwarg(kwargs, 'arms', 11, 2, 'Bandit');
    const mappingSeed = intKwarg(kwargs, 'mappingSeed', 0, 0, 'Bandit');
    super(arms, 1);
    const order = permutation(arms, mappingSeed);
    this.armRewards = order.map((rank) => rank / (arms - 1));
  }

  protected start(): void {}

  protected advance(action: number): { reward: number; terminated: boolean } {
    return { reward: this.armRewards[action] ?? 0, terminated: true };
  }

  protected observe(obs: Float32Array): void {
    obs[0] = 1;
  }
}

/** A permutation of 0..n-1 from its own generator (Fisher-Yates), so a task's layout depends on its seed only. */
export function permutation(n: number, seed: number): number[] {
  const [rng] = seedingNpRandom(seed);
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.integers(0, i + 1, 1)[0] ?? 0;
    [out[i], out[j]] = [out[j] ?? 0, out[i] ?? 0];
  }
  return out;
}
