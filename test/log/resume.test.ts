import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvSink, JsonlSink, MetricMeans, truncateMetricsAfter, type MetricRecord } from '../../src/log/index.js';

const rec = (step: number, scalars: Record<string, number>): MetricRecord => ({ step, time: step / 10, wallTime: 0, scalars });

describe('truncateMetricsAfter', () => {
  it('keeps records up to the checkpoint step and drops later and torn ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-resume-'));
    const sinks = [new JsonlSink(dir), new CsvSink(dir)];
    for (const step of [100, 200, 300]) for (const s of sinks) s.write(rec(step, { a: step }));
    for (const s of sinks) s.close();
    appendFileSync(join(dir, 'metrics.jsonl'), '{"step":40'); // killed mid-write
    appendFileSync(join(dir, 'metrics.csv'), '400,4');
    truncateMetricsAfter(dir, 200);
    expect(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')).toBe('{"step":100,"time":10,"a":100}\n{"step":200,"time":20,"a":200}\n');
    expect(readFileSync(join(dir, 'metrics.csv'), 'utf8')).toBe('step,time,a\n100,10,100\n200,20,200\n');
  });

  it('does nothing when there are no metrics files yet', () => {
    expect(() => truncateMetricsAfter(mkdtempSync(join(tmpdir(), 'dreamer-resume-')), 0)).not.toThrow();
  });
});

describe('MetricMeans', () => {
  it('averages each name since the last take, then starts over', () => {
    const means = new MetricMeans();
    means.addAll({ 'loss/dyn': 1, 'loss/rep': 4 });
    means.add('loss/dyn', 2);
    expect(means.take()).toEqual({ 'loss/dyn': 1.5, 'loss/rep': 4 });
    expect(means.isEmpty).toBe(true);
    means.add('x', NaN);
    expect(means.take().x).toBeNaN();
  });
});
