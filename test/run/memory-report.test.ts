import { describe, expect, it } from 'vitest';
import { memoryReport } from '../../bench/memory-run.js';
import { DreamerError } from '../../src/util/errors.js';

/** A log record at `time` seconds with the memory metrics and an even time split. */
function record(time: number, rss: number, tensors: number): Record<string, number> {
  return {
    step: time * 10, time, 'train/updates': time, 'sys/rss_mb': rss, 'sys/num_tensors': tensors,
    'time/env_frac': 0.25, 'time/policy_frac': 0.1, 'time/train_frac': 0.5, 'time/eval_frac': 0.05, 'time/other_frac': 0.2,
  };
}

describe('bench memory report', () => {
  it('compares the first record after the warm-up with the last one', () => {
    // warm-up 1 minute: the records at 0 and 30 s are before it, 60 s is the first after it.
    const records = [record(0, 100, 10), record(30, 180, 50), record(60, 200, 60), record(90, 230, 62), record(120, 210, 60)];
    const r = memoryReport(records, 2, 1, '/tmp/x');
    expect(r.rss_warm_mb).toBe(200);
    expect(r.rss_end_mb).toBe(210);
    expect(r.rss_growth_pct).toBeCloseTo(5, 12); // (210 - 200) / 200
    expect(r.rss_peak_mb).toBe(230);
    expect([r.tensors_warm, r.tensors_end, r.tensors_min, r.tensors_max]).toEqual([60, 60, 60, 62]);
    expect(r.records).toBe(3);
    expect(r.steps).toBe(1200);
    expect(r.time_frac['time/train_frac']).toBeCloseTo(0.5, 12);
  });

  it('compares medians over the first and the last window after the warm-up', () => {
    // warm-up 1 min, window 1 min: first window 60-120 s (rss 200, 300, 210 -> median 210), last window 180-240 s
    // (rss 220, 500, 231 -> median 231): +10 %, where a single last record would say +15.5 %.
    const rss = [100, 100, 200, 300, 210, 220, 220, 500, 231];
    const records = rss.map((v, i) => record(i * 30, v, 60));
    const r = memoryReport(records, 4, 1, '/tmp/x', 1);
    expect([r.rss_median_warm_mb, r.rss_median_end_mb]).toEqual([210, 231]);
    expect(r.rss_median_growth_pct).toBeCloseTo(10, 12);
    expect(r.rss_growth_pct).toBeCloseTo(15.5, 12);
  });

  it('names the fix when no record comes after the warm-up', () => {
    expect(() => memoryReport([record(0, 100, 10)], 1, 1, '/tmp/x')).toThrow(DreamerError);
    expect(() => memoryReport([record(0, 100, 10)], 1, 1, '/tmp/x')).toThrow(/log more often/);
  });
});
