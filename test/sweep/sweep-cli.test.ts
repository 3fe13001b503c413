import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrialState } from '../../src/sweep/state.js';
import { runCli } from '../cli/helpers.js';

/**
 * `dreamer sweep` end to end: 2 grid points × 2 seeds of the random agent (200 env steps each) on 2 workers, each
 * trial a child running the compiled CLI (needs `npm run build`); then a rerun that runs nothing, and `sweep status`.
 */
describe('dreamer sweep on the local pool', () => {
  it('runs 2 points × 2 seeds, writes the record and summary, and a rerun skips every trial', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-cli-'));
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, [
      'base: cartpole',
      'set: { agent.kind: random, backend: cpu, run.steps: 200, run.prefill: 0, run.eval_every: 100, run.eval_episodes: 2 }',
      'grid: { env.id: [CartPole-v1, Acrobot-v1] }',
      'seeds: 2',
      'summary: { steps: [100] }',
    ].join('\n'));
    const out = join(dir, 'out');
    const first = await runCli(['sweep', file, '--workers', '2', '--out', out]);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);

    const states = readFileSync(join(out, 'trials.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrialState);
    expect(states).toHaveLength(4);
    for (const s of states) {
      expect(s).toMatchObject({ status: 'done', attempts: 1, exit_code: 0 });
      expect(s.worker).toMatch(/^local-[01]$/);
      expect(typeof s.final_return).toBe('number');
      expect(s.best_return!).toBeGreaterThanOrEqual(s.final_return!);
      expect(existsSync(join(out, s.id, 'checkpoints'))).toBe(true);
      expect(readFileSync(join(out, s.id, 'train.log'), 'utf8')).toMatch(/done: 200 env steps/);
    }
    expect(new Set(states.map((s) => s.worker)).size).toBe(2);
    expect(states.map((s) => [s.overrides['env.id'], s.seed])).toEqual([['CartPole-v1', 0], ['CartPole-v1', 1], ['Acrobot-v1', 0], ['Acrobot-v1', 1]]);

    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toBe('rank,point,env.id,seeds_done,seeds,failed,mean,ci95_low,ci95_high,mean@100,ci95_low@100,ci95_high@100');
    // Acrobot's random policy never reaches the goal in 500 steps: -500 on both seeds at both evals, ranked last
    expect(csv[2]).toMatch(/^2,env\.id=Acrobot-v1-\w+,Acrobot-v1,2,2,0,-500,-500,-500,-500,-500,-500$/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/\| 2 \| Acrobot-v1 \| -500\.0 ± 0 \| -500\.0 ± 0 \| 2\/2 \| 0 \|/);
    expect(readFileSync(join(out, 'sweep.yaml'), 'utf8')).toMatch(/seeds:\n {2}- 0\n {2}- 1\n/);
    expect(statSync(join(out, 'curves.png')).size).toBeGreaterThan(1000);
    const printed = first.out.join('\n');
    expect(printed).toMatch(/\[sweep\] start env\.id=CartPole-v1-s0-\w+ on local-0/);
    expect(printed).toMatch(/\[sweep\] 1\/4 done, 1 running, 0 failed, 2 pending, ETA \d+s/);

    const record = readFileSync(join(out, 'trials.jsonl'), 'utf8');
    const again = await runCli(['sweep', file, '--workers', '2', '--out', out]);
    expect(again.code).toBe(0);
    expect(again.out.join('\n')).toMatch(/4 already done, 0 to run/);
    expect(again.out.join('\n')).not.toMatch(/\[sweep\] start/);
    expect(readFileSync(join(out, 'trials.jsonl'), 'utf8')).toBe(record);

    const status = await runCli(['sweep', 'status', out]);
    expect(status.code).toBe(0);
    expect(status.out.join('\n')).toMatch(/^done +env\.id=Acrobot-v1-s1-\w+ \(attempts 1, local-[01], [\d.]+ s, last eval -500, best -500\)$/m);
    expect(status.out.join('\n')).toMatch(/^4\/4 done, 0 running, 0 failed, 0 pending$/m);
  });

  it('a bad trial config is a user error before anything runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'base: cartpole\ngrid: { run.steps: [10, -5] }\n');
    const r = await runCli(['sweep', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/1 of 2 trials have a bad config; nothing was run/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
