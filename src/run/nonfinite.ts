import { DreamerError } from '../util/errors.js';

/** The metric counting updates skipped because a loss or gradient was NaN/Inf. */
export const SKIPPED_UPDATES = 'train/skipped_updates';

/**
 * Watches each update's metrics: an update with a NaN/Inf loss or gradient norm was skipped by the optimisers
 * (no variable changed). Warns, counts, and stops the run after `maxInRow` such updates in a row.
 */
export class NonfiniteGuard {
  constructor(
    readonly maxInRow: number,
    public inRow = 0,
    public skipped = 0,
    private readonly warn: (message: string) => void = (m) => console.warn(m),
  ) {}

  /** True when the update was finite (its metrics may be averaged); false when it was skipped. */
  check(metrics: Record<string, number>, step: number): boolean {
    const bad = Object.entries(metrics).filter(([k, v]) => (k.startsWith('loss/') || k.startsWith('grad_norm/')) && !Number.isFinite(v));
    if (bad.length === 0) {
      this.inRow = 0;
      return true;
    }
    this.inRow += 1;
    this.skipped += 1;
    const names = bad.map(([k]) => k).join(', ');
    if (this.inRow >= this.maxInRow) {
      throw new DreamerError(
        `${this.inRow} updates in a row had NaN/Inf losses or gradients (${names}) at env step ${step}: training diverged. Lower the learning rates (agent.model.lr, agent.behavior.actor_lr/critic_lr), check the env's observations and rewards, or raise run.max_nonfinite_updates; resume from the last checkpoint with --resume.`,
      );
    }
    this.warn(`warning: update skipped at env step ${step}: NaN/Inf in ${names} (${this.inRow} in a row, stop at ${this.maxInRow}).`);
    return false;
  }
}
