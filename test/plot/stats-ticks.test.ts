import { describe, expect, it } from 'vitest';
import { ci95, mean, sampleStd, tQuantile975 } from '../../src/plot/stats.js';
import { formatTick, niceTicks } from '../../src/plot/ticks.js';

describe('stats', () => {
  it('mean, sample std and the Student-t 95 % interval match hand computation', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    // [1, 2, 3]: mean 2, s = 1, t(0.975, 2) = 4.303 -> 2 -/+ 4.303 / sqrt(3)
    const [lo, hi] = ci95([1, 2, 3]);
    expect(lo).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 10);
    expect(hi).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 10);
    expect(ci95([5])).toEqual([5, 5]);
  });

  it('t quantiles follow the table and approach the normal 1.96', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(9)).toBe(2.262);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(1000)).toBe(1.96);
    for (let df = 1; df < 200; df++) expect(tQuantile975(df + 1)).toBeLessThanOrEqual(tQuantile975(df));
  });
});

describe('ticks', () => {
  it('picks 1-2-5 steps that cover the range', () => {
    expect(niceTicks(0, 20000).ticks).toEqual([0, 5000, 10000, 15000, 20000]);
    expect(niceTicks(-183, 480)).toEqual({ ticks: [-200, 0, 200, 400, 600], lo: -200, hi: 600 });
    expect(niceTicks(0.13, 0.92).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 3).ticks.length).toBeGreaterThan(1); // a flat curve still gets an axis
  });

  it('labels env steps with k/M and small values with the decimals the step needs', () => {
    expect(formatTick(15000, 5000)).toBe('15k');
    expect(formatTick(2500, 500)).toBe('2.5k');
    expect(formatTick(2000, 500)).toBe('2k');
    expect(formatTick(1_500_000, 500_000)).toBe('1.5M');
    expect(formatTick(0.4, 0.2)).toBe('0.4');
    expect(formatTick(-200, 200)).toBe('-200');
  });
});
