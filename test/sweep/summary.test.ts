import { describe, expect, it } from 'vitest';
import type { TrialState } from '../../src/sweep/state.js';
import { summarise, summaryCsv, summaryMarkdown, valueAt, type TrialCurve } from '../../src/sweep/summary.js';

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

  it("reads each seed's metric at named steps (its last value at or before the step), and ranks lowest first for mode min", () => {
    // two points × 2 seeds of a loss logged at steps 100, 200, 300
    const curve = (...values: number[]): TrialCurve => ({ steps: [100, 200, 300], values });
    const curves = new Map<string, TrialCurve>([['a-s0', curve(9, 5, 1)], ['a-s1', curve(7, 3, 3)], ['b-s0', curve(8, 6, 4)], ['b-s1', curve(6, 4, 2)]]);
    const two = [trial('a', 1e-4, 0, 'done', null), trial('a', 1e-4, 1, 'done', null), trial('b', 3e-4, 0, 'done', null), trial('b', 3e-4, 1, 'done', null)];
    const rows = summarise(two, ['agent.model.lr'], { metric: 'train/loss', mode: 'min', steps: [150, 300] }, curves);
    // last values: a = [1, 3] (mean 2), b = [4, 2] (mean 3): lower is better, so a first
    expect(rows.map((r) => [r.pointId, r.mean])).toEqual([['a', 2], ['b', 3]]);
    // at step 150 each seed's value at step 100: a = [9, 7] -> mean 8, sd sqrt(2), half-width t(0.975, 1) * sqrt(2) / sqrt(2) = 12.706
    expect(rows[0]!.atSteps[0]).toMatchObject({ step: 150, values: [9, 7], mean: 8 });
    expect(rows[0]!.atSteps[0]!.ciHigh! - 8).toBeCloseTo(12.7062, 3);
    expect(rows[1]!.atSteps[1]).toMatchObject({ step: 300, values: [4, 2], mean: 3 });
    expect(valueAt(curve(1, 2, 3), 99)).toBeNull();
    expect(valueAt(curve(1, 2, 3), 200)).toBe(2);
    const csv = summaryCsv(rows, ['agent.model.lr']).split('\n');
    expect(csv[0]).toBe('rank,point,agent.model.lr,seeds_done,seeds,failed,mean,ci95_low,ci95_high,mean@150,ci95_low@150,ci95_high@150,mean@300,ci95_low@300,ci95_high@300');
    const md = summaryMarkdown(rows, ['agent.model.lr'], 'train/loss').split('\n');
    expect(md[0]).toBe('| rank | agent.model.lr | train/loss (last eval), mean ± 95 % CI | at 150 steps | at 300 steps | seeds done | failed | point |');
    expect(md[2]).toMatch(/^\| 1 \| 0\.0001 \| 2 ± 12\.71 \| 8 ± 12\.71 \| 2 ± 12\.71 \| 2\/2 \| 0 \| a \|$/);
  });
});
