/**
 * bsuite/catch-v0: catch a falling ball (after bsuite's Catch; our own implementation).
 *
 * ## Description
 * A ball starts in a random column of the top row of a `rows` x `columns` grid (10 x 5) and falls one row per
 * step; a paddle on the bottom row starts in the middle column. The agent moves the paddle to meet the ball.
 * Probes the basics: reward at the end of a short episode, a policy that reads the observation.
 *
 * ## Action Space
 * `Discrete(3)`: 0 moves the paddle one column left, 1 keeps it, 2 moves it right (clipped at the walls).
 *
 * ## Observation Space
 * `Box(float32, (rows * columns,), 0, 1)`: the grid row-major (index `row * columns + column`, row 0 at the top),
 * 1 at the ball's cell and at the paddle's cell, 0 elsewhere.
 *
 * ## Rewards
 * 0 while the ball falls; +1 when it reaches the bottom row in the paddle's column, -1 otherwise.
 *
 * ## Starting State
 * Ball in row 0 at a column uniform over `0..columns-1` from the env's generator; paddle at column
 * `floor(columns / 2)` of the bottom row.
 *
 * ## Episode End
 * Terminated when the ball reaches the bottom row: after `rows - 1` steps (9). Registered with a limit of 10 steps.
 *
 * ## Arguments
 * `make('bsuite/catch-v0', { rows?: 10, columns?: 5 })`.
 */
import { BsuiteEnv, intKwarg } from './bsuite-env.js';

export class CatchEnv extends BsuiteEnv {
  readonly rows: number;
  readonly columns: number;
  ballRow = 0;
  ballColumn = 0;
  paddleColumn = 0;

  constructor(kwargs: { rows?: number; columns?: number } = {}) {
    const rows = intKwarg(kwargs, 'rows', 10, 2, 'Catch');
    const columns = intKwarg(kwargs, 'columns', 5, 1, 'Catch');
    super(3, rows * columns);
    this.rows = rows;
    this.columns = columns;
  }

  protected start(): void {
    this.ballRow = 0;
    this.ballColumn = this.npRandom.integers(0, this.columns, 1)[0] ?? 0;
    this.paddleColumn = Math.floor(this.columns / 2);
  }

  protected advance(action: number): { reward: number; terminated: boolean } {
    if (this.ballRow >= this.rows - 1) return { reward: 0, terminated: true }; // stepped past the end: nothing moves
    this.paddleColumn = Math.min(this.columns - 1, Math.max(0, this.paddleColumn + action - 1));
    this.ballRow += 1;
    if (this.ballRow < this.rows - 1) return { reward: 0, terminated: false };
    return { reward: this.ballColumn === this.paddleColumn ? 1 : -1, terminated: true };
  }

  protected observe(obs: Float32Array): void {
    obs[this.ballRow * this.columns + this.ballColumn] = 1;
    obs[(this.rows - 1) * this.columns + this.paddleColumn] = 1;
  }
}
