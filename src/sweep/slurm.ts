import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ConfigError } from '../util/errors.js';

/** The job script `dreamer sweep --slurm` writes into the sweep folder. */
export const SLURM_SCRIPT = 'sweep.sbatch';

export interface SlurmScriptOptions {
  /** the sweep folder (made absolute: the tasks run from Slurm's working folder) */
  out: string;
  trials: number;
  /** the job's name in squeue */
  name: string;
  /** cores of each task: the trials' `threads` (0 means every core: left to the cluster's default) */
  cpusPerTask: number;
  /** node and the `dreamer` script the tasks run */
  node: string;
  entry: string;
}

/**
 * An sbatch job array with one task per trial: task i runs `dreamer sweep run-trial OUT i`, which skips a done
 * trial and resumes an unfinished one from its checkpoint. `--requeue` lets Slurm put a preempted or failed node's
 * task back; Slurm sends SIGTERM before it stops a task, and the trial checkpoints on it. Partition, time and
 * memory are the site's: add `#SBATCH` lines, or pass them to sbatch (`sbatch -p gpu -t 2:00:00 sweep.sbatch`).
 */
export function slurmScript(o: SlurmScriptOptions): string {
  const out = resolve(o.out);
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/bash',
    `# Written by dreamer sweep --slurm: one array task per trial of the sweep in ${out}.`,
    `#SBATCH --job-name=${o.name.replace(/[^A-Za-z0-9_.-]/g, '_')}`,
    `#SBATCH --array=0-${o.trials - 1}`,
    '#SBATCH --requeue',
    '#SBATCH --ntasks=1',
    ...(o.cpusPerTask > 0 ? [`#SBATCH --cpus-per-task=${o.cpusPerTask}`] : []),
    `#SBATCH --output=${out}/slurm-%A_%a.out`,
    'set -euo pipefail',
    ...(o.cpusPerTask > 0 ? [] : ['export DREAMER_THREADS="${SLURM_CPUS_PER_TASK:-1}"']),
    `exec ${q(o.node)} ${q(o.entry)} sweep run-trial ${q(out)} "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}

/** `sbatch SCRIPT`; returns what sbatch printed (`Submitted batch job N`). */
export function submitSlurm(script: string): string {
  const r = spawnSync('sbatch', [script], { encoding: 'utf8' });
  if (r.error) throw new ConfigError(`--submit: cannot run sbatch (${r.error.message}): on a machine without Slurm, copy ${script} to the cluster and run \`sbatch ${script}\` there.`);
  if (r.status !== 0) throw new ConfigError(`sbatch ${script} failed (exit ${r.status}): ${r.stderr.trim()}`);
  return r.stdout.trim();
}
