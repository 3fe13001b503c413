/**
 * bsuite/deep_sea-v0: one rewarding path through a grid (after bsuite's Deep Sea; our own implementation).
 *
 * ## Description
 * The agent starts at the top-left cell of a `size` x `size` grid (10 x 10) and descends one row per step, moving
 * one column left or right (clipped at the left wall). Only the bottom-right cell pays, and every move right costs
 * a little, so dithering exploration (random actions) almost never finds the reward: it needs `size` moves right
 * in a row, probability 2^-size. Which action means "right" differs per cell, fixed by `mappingSeed`.
 * Probes deep exploration.
 *
 * ## Action Space
 * `Discrete(2)`: at cell (row, column), action `rightAction[row][column]` moves right, the other moves left.
 *
 * ## Observation Space
 * `Box(float32, (size * size,), 0, 1)`: a one-hot of the agent's cell, row-major (`row * size + column`, row 0 at
 * the top); all zeros once the agent has left the bottom row.
 *
 * ## Rewards
 * -0.01 / size for every move right; +1 more for moving right from the bottom-right cell, which only the path of
 * `size` moves right reaches. The best return is 1 - 0.01 = 0.99; never moving right returns 0.
 *
 * ## Starting State
 * Row 0, column 0. Deterministic: the action mapping is part of the task and `reset({ seed })` does not change it.
 *
 * ## Episode End
 * Terminated after `size` steps (the agent has dropped below the bottom row). Registered with a limit of 10 steps.
 *
 * ## Arguments
 * `make('bsuite/deep_sea-v0', { size?: 10, mappingSeed?: 0 })`.
 */
import { seedingNpRandom } from '../../src/env/seeding.js';
import { BsuiteEnv, intKwarg } from './bsuite-env.js';

export const MOVE_COST = 0.01;

export class DeepSeaEnv extends BsuiteEnv {
  readonly size: number;
  /** `rightAction[row * size + column]`: the action that moves right in that cell. */
  readonly rightAction: Uint8Array;
  row = 0;
  column = 0;

  constructor(kwargs: { size?: number; mappingSeed?: number } = {}) {
    const size = intKwarg(kwargs, 'size', 10, 1, 'DeepSea');
    const mappingSeed = intKwarg(kwargs, 'mappingSeed', 0, 0, 'DeepSea');
    super(2, size * size);
    this.size = size;
    const [rng] = seedingNpRandom(mappingSeed);
    this.rightAction = Uint8Array.from(rng.integers(0, 2, size * size));
  }

  protected start(): void {
    this.row = 0;
    this.column = 0;
  }

  protected advance(action: number): { reward: number; terminated: boolean } {
    if (this.row >= this.size) return { reward: 0, terminated: true };
    const right = action === this.rightAction[this.row * this.size + this.column];
    // The one rewarding move: right from the bottom-right cell, reached only by moving right at every step.
    let reward = right && this.row === this.size - 1 && this.column === this.size - 1 ? 1 : 0;
    if (right) {
      reward -= MOVE_COST / this.size;
      this.column = Math.min(this.size - 1, this.column + 1);
    } else {
      this.column = Math.max(0, this.column - 1);
    }
    this.row += 1;
    return { reward, terminated: this.row >= this.size };
  }

  protected observe(obs: Float32Array): void {
    if (this.row < this.size) obs[this.row * this.size + this.column] = 1;
  }
}
