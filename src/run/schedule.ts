/**
 * When the run loop does its periodic work, as small objects asked once per vector step (DreamerV3's embodied
 * `when` helpers). Steps are env steps summed over sub-envs; a vector step may jump past a due step.
 */

/** How `Every` picks its next due step after firing at `step`. */
export type Rearm =
  /** one period after the previous due step (evaluations: 5000, 10000, ... even when one came late) */
  | 'grid'
  /** one period after the step it fired at (log records, garbage collections: "at least N steps apart") */
  | 'step'
  /** the next multiple of the period after the step it fired at (checkpoints: ckpt-10000, ckpt-20000, ...) */
  | 'multiple';

/** Fires once the step reaches `next`; a period of 0 never fires. */
export class Every {
  constructor(
    readonly period: number,
    /** the first due step */
    public next: number,
    private readonly rearm: Rearm,
  ) {}

  /** Whether work is due at `step` (without firing). */
  due(step: number): boolean {
    return this.period > 0 && step >= this.next;
  }

  /** Fires when due: returns true and moves `next` on. */
  take(step: number): boolean {
    if (!this.due(step)) return false;
    this.fired(step);
    return true;
  }

  /** Records that the work ran at `step` (also when it ran off schedule, e.g. the final log record). */
  fired(step: number): void {
    if (this.rearm === 'grid') this.next += this.period;
    else if (this.rearm === 'step') this.next = step + this.period;
    else this.next = (Math.floor(step / this.period) + 1) * this.period;
  }
}

/**
 * Training at a fixed ratio of updates to env steps: `stepsPerUpdate` env steps per update, counted from step 0,
 * so the updates owed for the prefill are all taken once training starts (DreamerV3's `when.Ratio` counts from
 * the first call instead).
 */
export class Ratio {
  constructor(readonly stepsPerUpdate: number) {}

  /** Updates owed at `step` env steps when `done` were taken (0 when not behind). */
  owed(step: number, done: number): number {
    return Math.max(0, Math.ceil(step / this.stepsPerUpdate) - done);
  }
}

/** True the first time it is asked with its condition met, false ever after. */
export class Once {
  constructor(private done = false) {}

  take(condition: boolean): boolean {
    if (this.done || !condition) return false;
    this.done = true;
    return true;
  }
}
