import { describe, expect, it } from 'vitest';
import type { TrialState } from '../../src/sweep/state.js';
import { summarise, summaryCsv, summaryMarkdown } from '../../src/sweep/summary.js';

function trial(point: string, lr: number, seed: number, status: TrialState['status'], final: number | null): TrialState {
  return {
    id: `${point}-s${seed}`, point_id: point, overrides: { 'agent.model.lr': lr, 'run.seed': seed }, seed, status, attempts: 1, worker: 'local-0', pid: null,
    final_return: final, best_return: final, wall_clock_s: 1, exit_code: status === 'done' ? 0 : 1, error: null,
  };
}

describe('the sweep summary', () => {
  const states = [
    trial('a', 1e-4, 0, 'done', 10), trial('a', 1e-4, 1, 'done', 20), trial('a', 1e-4, 2, 'done', 30),
    trial('b', 3e-4, 0, 'done', 50), trial('b', 3e-4, 1, 'failed', null),
    trial('c', 1e-3, 0, 'pending', null),
  ];

  it('per point: mean and Student-t 95 % CI over the finished seeds, ranked best first', () => {
    const rows = summarise(states, ['agent.model.lr']);
    expect(rows.map((r) => r.pointId)).toEqual(['b', 'a', 'c']);
    const a = rows[1]!;
    // by hand: mean 20, sample sd 10, t(0.975, df 2) = 4.303, half-width 4.303 * 10 / sqrt(3) = 24.8434
    expect(a.mean).toBe(20);
    expect(a.ciHigh! - 20).toBeCloseTo((4.303 * 10) / Math.sqrt(3), 4);
    expect(a.ciLow! - 20).toBeCloseTo(-(4.303 * 10) / Math.sqrt(3), 4);
    expect(rows[0]).toMatchObject({ rank: 1, mean: 50, ciLow: 50, ciHigh: 50, finals: [50], seeds: 2, failed: 1 });
    expect(rows[2]).toMatchObject({ rank: 3, mean: null, seeds: 1 });
    expect(a.point).toEqual({ 'agent.model.lr': 1e-4 });
  });

  it('writes the same rows as CSV and as a Markdown table', () => {
    const rows = summarise(states, ['agent.model.lr']);
    const csv = summaryCsv(rows, ['agent.model.lr']).trim().split('\n');
    expect(csv[0]).toBe('rank,point,agent.model.lr,seeds_done,seeds,failed,mean,ci95_low,ci95_high');
    expect(csv[1]).toBe('1,b,0.0003,1,2,1,50,50,50');
    expect(csv[2]).toMatch(/^2,a,0\.0001,3,3,0,20,-4\.84\d*,44\.84\d*$/);
    expect(csv[3]).toBe('3,c,0.001,0,1,0,,,');
    const md = summaryMarkdown(rows, ['agent.model.lr']).split('\n');
    expect(md[2]).toBe('| 1 | 0.0003 | 50 (1 seed) | 1/2 | 1 | b |');
    expect(md[3]).toBe('| 2 | 0.0001 | 20 ± 24.84 | 3/3 | 0 | a |');
    expect(md[4]).toBe('| 3 | 0.001 | - | 0/1 | 0 | c |');
  });
});
