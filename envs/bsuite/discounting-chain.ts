/**
 * bsuite/discounting_chain-v0: rewards at different delays (after bsuite's Discounting Chain; our own implementation).
 *
 * ## Description
 * The first action picks one of five chains; chain `c` pays its reward `DELAYS[c]` steps later (1, 3, 10, 30 or
 * 100), and every later action is ignored. Every chain pays 1 except `bestChain`, which pays 1.1. Probes credit
 * assignment across time: an agent that discounts too hard or cannot carry value far takes the nearest reward.
 *
 * ## Action Space
 * `Discrete(5)`: at the first step, the chain; afterwards ignored.
 *
 * ## Observation Space
 * `Box(float32, (6,), 0, 1)`: a one-hot of the chosen chain (all 0 before the first step), then `t / 100`.
 *
 * ## Rewards
 * 0 except at step `DELAYS[c]` (counting the first step as 1), where chain `c` pays 1, or 1.1 if it is `bestChain`.
 *
 * ## Starting State
 * No chain chosen, t = 0. Deterministic: the task draws nothing.
 *
 * ## Episode End
 * Terminated after 100 steps (the longest delay). Registered with a limit of 100 steps.
 *
 * ## Arguments
 * `make('bsuite/discounting_chain-v0', { bestChain?: 2 })`: 2 puts the bonus 10 steps away, beyond a one-step
 * greedy agent and within a discount of 0.99.
 */
import { BsuiteEnv, intKwarg } from './bsuite-env.js';

/** Steps from the choice to each chain's reward. */
export const DELAYS = [1, 3, 10, 30, 100] as const;
export const CHAIN_LENGTH = 100;
export const BEST_CHAIN_REWARD = 1.1;

export class DiscountingChainEnv extends BsuiteEnv {
  readonly bestChain: number;
  t = 0;
  chain = -1;

  constructor(kwargs: { bestChain?: number } = {}) {
    const bestChain = intKwarg(kwargs, 'bestChain', 2, 0, 'DiscountingChain');
    super(DELAYS.length, DELAYS.length + 1);
    this.bestChain = Math.min(bestChain, DELAYS.length - 1);
  }

  protected start(): void {
    this.t = 0;
    this.chain = -1;
  }

  protected advance(action: number): { reward: number; terminated: boolean } {
    if (this.t >= CHAIN_LENGTH) return { reward: 0, terminated: true };
    if (this.t === 0) this.chain = action;
    this.t += 1;
    const paid = this.t === DELAYS[this.chain] ? (this.chain === this.bestChain ? BEST_CHAIN_REWARD : 1) : 0;
    return { reward: paid, terminated: this.t >= CHAIN_LENGTH };
  }

  protected observe(obs: Float32Array): void {
    if (this.chain >= 0) obs[this.chain] = 1;
    obs[DELAYS.length] = this.t / CHAIN_LENGTH;
  }
}
