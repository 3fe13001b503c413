import { ci95, mean } from './stats.js';
import type { Run } from './runs.js';

/** A group's curve: at each env step the mean over the seeds that reach it, and its 95 % interval. */
export interface MeanCurve {
  steps: number[];
  mean: number[];
  lo: number[];
  hi: number[];
  /** how many runs contributed at each step */
  count: number[];
}

/**
 * Mean and 95 % confidence band across runs. Runs are evaluated at the union of their steps by linear
 * interpolation inside each run's own range (seeds log at slightly different steps); outside it a run does not count.
 */
export function meanCurve(runs: readonly Run[]): MeanCurve {
  const steps = [...new Set(runs.flatMap((r) => r.steps))].sort((a, b) => a - b);
  const curve: MeanCurve = { steps: [], mean: [], lo: [], hi: [], count: [] };
  for (const step of steps) {
    const values = runs.map((r) => interpolate(r, step)).filter((v): v is number => v !== undefined);
    const [lo, hi] = ci95(values);
    curve.steps.push(step);
    curve.mean.push(mean(values));
    curve.lo.push(lo);
    curve.hi.push(hi);
    curve.count.push(values.length);
  }
  return curve;
}

/** The run's value at `step` by linear interpolation; undefined outside the run's range. */
export function interpolate(run: Run, step: number): number | undefined {
  const { steps, values } = run;
  if (steps.length === 0 || step < steps[0]! || step > steps[steps.length - 1]!) return undefined;
  const hi = steps.findIndex((s) => s >= step);
  if (steps[hi] === step) return values[hi];
  const lo = hi - 1;
  const t = (step - steps[lo]!) / (steps[hi]! - steps[lo]!);
  return values[lo]! + t * (values[hi]! - values[lo]!);
}
