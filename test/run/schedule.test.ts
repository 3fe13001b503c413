import { describe, expect, it } from 'vitest';
import { Every, Once, Ratio } from '../../src/run/schedule.js';

/** The steps in `steps` at which the schedule fires. */
function firings(every: Every, steps: number[]): number[] {
  return steps.filter((s) => every.take(s));
}

const BY_3 = [3, 6, 9, 12, 15, 18, 21, 24];

describe('Every', () => {
  it('grid: due steps stay on the grid even when a vector step jumps past one', () => {
    expect(firings(new Every(5, 5, 'grid'), BY_3)).toEqual([6, 12, 15, 21]); // due 5, 10, 15, 20
  });

  it('step: the next firing is a full period after the last one', () => {
    expect(firings(new Every(5, 5, 'step'), BY_3)).toEqual([6, 12, 18, 24]);
  });

  it('multiple: after a late firing the next is the next multiple of the period', () => {
    const e = new Every(5, 5, 'multiple');
    expect(e.take(3)).toBe(false);
    expect(e.take(12)).toBe(true); // late: 10 is skipped, not owed
    expect(e.next).toBe(15);
  });

  it('a period of 0 never fires; due() looks without firing; fired() moves on from work done off schedule', () => {
    expect(firings(new Every(0, 0, 'grid'), BY_3)).toEqual([]);
    const e = new Every(5, 5, 'step');
    expect([e.due(6), e.due(6)]).toEqual([true, true]);
    e.fired(7);
    expect([e.due(11), e.due(12)]).toEqual([false, true]);
  });
});

describe('Ratio', () => {
  it('owes ceil(step / stepsPerUpdate) updates in all, the prefill ones at once', () => {
    const r = new Ratio(8 / 3);
    expect(r.owed(20, 0)).toBe(8); // 7.5 -> 8
    expect(r.owed(21, 8)).toBe(0); // 7.875
    expect(r.owed(22, 8)).toBe(1); // 8.25
    expect(r.owed(22, 9)).toBe(0);
    expect(new Ratio(Infinity).owed(1000, 0)).toBe(0); // train ratio 0
  });
});

describe('Once', () => {
  it('fires the first time its condition holds, then never', () => {
    const once = new Once();
    expect([once.take(false), once.take(true), once.take(true)]).toEqual([false, true, false]);
    expect(new Once(true).take(true)).toBe(false);
  });
});
