import { describe, expect, it } from 'vitest';
import type { MeanCurve } from '../../src/plot/aggregate.js';
import { learningCurveSpec } from '../../src/plot/spec.js';

const curve = (count: number): MeanCurve => ({ steps: [0, 1000], mean: [1, 2], lo: [0, 1], hi: [2, 3], count: [count, count] });

/** The rows and colour scale of the spec, as Vega joins them. */
function seriesOf(labels: string[], counts: number[]) {
  const spec = learningCurveSpec(labels.map((label, i) => ({ label, curve: curve(counts[i]!) })), { title: 't', xLabel: 'env steps', yLabel: 'y' });
  const rows = (spec.data as { values: { series: string; band: boolean }[] }).values;
  return { names: [...new Set(rows.map((r) => r.series))], banded: [...new Set(rows.filter((r) => r.band).map((r) => r.series))] };
}

describe('learning-curve spec', () => {
  it('names series with their seed count, shortens long labels, and keeps two labels cut alike apart', () => {
    const long = `a.really.long.config.key=${'x'.repeat(40)}`;
    const { names } = seriesOf([`${long}, seed.kind=1`, `${long}, seed.kind=2`, 'short'], [3, 3, 1]);
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/^a\.really\.long\.config\.key=x+\.\.\.$/);
    expect(names[0]!.length).toBe(56);
    expect(names[1]).toBe(`${names[0]} #2`);
    expect(names[2]).toBe('short (1 seed)');
  });

  it('gives a band only to series with more than one seed', () => {
    expect(seriesOf(['three', 'one'], [3, 1]).banded).toEqual(['three (3 seeds)']);
  });
});
