import { stringify as toYaml } from 'yaml';
import type { Distribution, SweepSpec } from './spec.js';

/** The resolved sweep file, written into the sweep folder; itself a sweep file (Slurm tasks and re-attaching read it). */
export const SWEEP_FILE = 'sweep.yaml';
/** Its first line, which also marks a folder as a sweep's (a worker clears trial folders only inside one). */
export const RESOLVED_HEADER = '# Resolved sweep (written by dreamer sweep)';

export function resolvedSweepYaml(spec: SweepSpec, trials: number): string {
  const random = spec.random && { trials: spec.random.trials, seed: spec.random.seed, space: Object.fromEntries(Object.entries(spec.random.space).map(([k, d]) => [k, fileForm(d)])) };
  const data = { base: spec.base, set: spec.set, grid: spec.grid, ...(random && { random }), seeds: spec.seeds, max_attempts: spec.maxAttempts, summary: spec.summary };
  return `${RESOLVED_HEADER}: the file as run, seeds listed, base paths absolute; ${trials} trials.\n${toYaml(data)}`;
}

/** A distribution as the sweep file writes it: `{ log_uniform: [LOW, HIGH] }`. */
function fileForm(d: Distribution): Record<string, unknown[]> {
  return d.kind === 'choice' ? { choice: d.values } : { [d.kind]: [d.low, d.high] };
}
