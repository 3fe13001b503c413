import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRIALS_FILE, type TrialState } from '../../src/sweep/state.js';
import { runTrialAt } from '../../src/sweep/sweep.js';
import { runCli } from '../cli/helpers.js';

/** The fake `dreamer train` of the pool tests: run.steps 5 finishes with two evals. */
const FAKE = resolve(import.meta.dirname, '../fixtures/sweep/fake-train.mjs');

function record(out: string): TrialState[] {
  return readFileSync(join(out, TRIALS_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrialState);
}

describe('dreamer sweep --slurm', () => {
  it('writes an sbatch job array of one task per trial, each running `sweep run-trial DIR i`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-slurm-'));
    const file = join(dir, 'lr.yaml');
    writeFileSync(file, 'base: cartpole\nset: { threads: 2 }\ngrid: { run.steps: [5, 6] }\nseeds: 2\n');
    const out = join(dir, 'out');
    const r = await runCli(['sweep', file, '--slurm', '--out', out]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const script = readFileSync(join(out, 'sweep.sbatch'), 'utf8');
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    expect(lines).toContain('#SBATCH --array=0-3');
    expect(lines).toContain('#SBATCH --requeue');
    expect(lines).toContain('#SBATCH --cpus-per-task=2');
    expect(lines).toContain(`#SBATCH --output=${out}/slurm-%A_%a.out`);
    expect(lines.at(-2)).toBe(`exec '${process.execPath}' '${resolve('bin/dreamer.js')}' sweep run-trial '${out}' "$SLURM_ARRAY_TASK_ID"`);
    expect(spawnSync('bash', ['-n', join(out, 'sweep.sbatch')]).status).toBe(0); // parses as a shell script
    expect(r.out.join('\n')).toMatch(/wrote .*sweep\.sbatch: a job array of 4 tasks/);
    expect(record(out).map((s) => s.status)).toEqual(['pending', 'pending', 'pending', 'pending']);

    // task 2 runs trial 2 (run.steps 6, seed 0) and records it; the others stay pending; a requeued task skips it
    const state = await runTrialAt(out, 2, { entry: FAKE, stream: { write: () => true } });
    expect(state).toMatchObject({ status: 'done', attempts: 1, final_return: 0, best_return: 5 });
    expect(record(out).map((s) => [s.overrides['run.steps'], s.seed, s.status])).toEqual([[5, 0, 'pending'], [5, 1, 'pending'], [6, 0, 'done'], [6, 1, 'pending']]);
    expect(statSync(join(out, 'summary.csv')).size).toBeGreaterThan(0);
    const said: string[] = [];
    await runTrialAt(out, 2, { entry: FAKE, stream: { write: (s) => said.push(s) > 0 } });
    expect(said.join('')).toMatch(/is done already/);
    await expect(runTrialAt(out, 4, { entry: FAKE })).rejects.toThrow(/trial index 4: the sweep in .* has trials 0 to 3/);
    expect((await runCli(['sweep', file, '--submit'])).err.join('')).toMatch(/--submit goes with --slurm/);
  });
});
