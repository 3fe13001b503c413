import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError } from '../util/errors.js';
import { prefixLines } from '../util/prefix-lines.js';

/** `dreamer train --seeds N [--parallel]`: N runs with seeds run.seed, run.seed+1, ... into LOGDIR/seed0, seed1, ... */
export interface SeedsPlan {
  seeds: number;
  baseSeed: number;
  logdir: string;
  /** the train arguments without --seeds/--parallel/--logdir (presets and overrides) */
  presets: string[];
  overrides: string[];
}

export function seedDir(logdir: string, i: number): string {
  return join(logdir, `seed${i}`);
}

export function checkSeeds(seeds: number, resume: string | undefined): void {
  if (!Number.isInteger(seeds) || seeds < 1) throw new ConfigError(`--seeds ${seeds}: give a whole number of runs, at least 1.`);
  if (resume !== undefined) throw new ConfigError('--seeds cannot be combined with --resume: resume each seed folder (LOGDIR/seed<i>) on its own.');
}

/** One run after another in this process; returns the first non-zero exit code, else 0. */
export async function runSeedsSequential(plan: SeedsPlan, trainOne: (overrides: string[], logdir: string) => Promise<number>): Promise<number> {
  for (let i = 0; i < plan.seeds; i++) {
    const code = await trainOne([...plan.overrides, `run.seed=${plan.baseSeed + i}`], seedDir(plan.logdir, i));
    if (code !== 0) return code;
  }
  return 0;
}

/**
 * All runs at once, each in a child process running this same CLI; returns the largest exit code. Their output
 * interleaves, so every line is prefixed with its seed (`[seed 1] ...`).
 */
export async function runSeedsParallel(plan: SeedsPlan): Promise<number> {
  const entry = process.argv[1];
  if (!entry) throw new ConfigError('--parallel needs the dreamer CLI entry script to start child runs; run without --parallel.');
  const codes = await Promise.all(
    Array.from({ length: plan.seeds }, (_, i) => {
      const seed = plan.baseSeed + i;
      const args = ['train', ...plan.presets.flatMap((p) => ['--config', p]), ...plan.overrides, `run.seed=${seed}`, '--logdir', seedDir(plan.logdir, i)];
      const child = spawn(process.execPath, [...process.execArgv, entry, ...args], { stdio: ['inherit', 'pipe', 'pipe'] });
      const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
      prefixLines(child.stdout, process.stdout, `[seed ${seed}] `);
      prefixLines(child.stderr, process.stderr, `[seed ${seed}] `);
      return exited;
    }),
  );
  return Math.max(0, ...codes);
}
