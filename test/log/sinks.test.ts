import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClosedError } from '../../src/util/errors.js';
import { ConsoleSink, CsvSink, JsonlSink, Logger, createLogger, type MetricRecord, type MetricSink } from '../../src/log/index.js';
import { parseCsvLine } from '../../src/log/csv.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'dreamer-log-'));
const rec = (step: number, time: number, scalars: Record<string, number>): MetricRecord => ({ step, time, wallTime: 1e9 + time, scalars });

describe('Logger', () => {
  it('stamps run time from its clock, counting a resumed run’s earlier time, and fans out to every sink', () => {
    let now = 5_000;
    const seen: MetricRecord[][] = [[], []];
    const sinks: MetricSink[] = seen.map((list) => ({ write: (r) => list.push(r), close: () => undefined }));
    const logger = new Logger(sinks, { clock: () => now, timeOffset: 100 });
    now += 2_500;
    const r = logger.log(42, { fps: 10 });
    expect(r).toEqual({ step: 42, time: 102.5, wallTime: 7.5, scalars: { fps: 10 } });
    expect(seen[0]).toEqual([r]);
    expect(seen[1]).toEqual([r]);
  });

  it('refuses a record after close() with a ClosedError, as do the file sinks', () => {
    const logger = new Logger([], { clock: () => 0 });
    logger.close();
    expect(() => logger.log(1, { fps: 1 })).toThrow(ClosedError);
    const sink = new JsonlSink(tempDir());
    sink.close();
    expect(() => sink.write(rec(1, 0, { fps: 1 }))).toThrow(ClosedError);
    const csv = new CsvSink(tempDir());
    csv.close();
    expect(() => csv.write(rec(1, 0, { fps: 1 }))).toThrow(ClosedError);
  });
});

describe('JsonlSink', () => {
  it('writes one object per line with step and time first and non-finite values as null, appending on reopen', () => {
    const dir = tempDir();
    const a = new JsonlSink(dir);
    a.write(rec(10, 0.5, { 'episode/return': 21, 'loss/dyn': NaN }));
    a.close();
    const b = new JsonlSink(dir);
    b.write(rec(20, 1, { fps: Infinity }));
    b.close();
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('{"step":10,"time":0.5,"episode/return":21,"loss/dyn":null}');
    expect(JSON.parse(lines[1]!)).toEqual({ step: 20, time: 1, fps: null });
  });
});

describe('CsvSink', () => {
  it('widens the header when a new metric appears and pads earlier rows', () => {
    const dir = tempDir();
    const sink = new CsvSink(dir);
    sink.write(rec(1, 0.1, { a: 1 }));
    sink.write(rec(2, 0.2, { b: 2.5 }));
    sink.write(rec(3, 0.3, { a: NaN, 'x,y': 4 }));
    sink.close();
    const text = readFileSync(join(dir, 'metrics.csv'), 'utf8');
    expect(text).toBe('step,time,a,b,"x,y"\n1,0.1,1,,\n2,0.2,,2.5,\n3,0.3,NaN,,4\n');
    expect(parseCsvLine('step,time,a,b,"x,y"')).toEqual(['step', 'time', 'a', 'b', 'x,y']);
  });

  it('continues an existing file with its columns', () => {
    const dir = tempDir();
    const first = new CsvSink(dir);
    first.write(rec(1, 0.1, { a: 1, b: 2 }));
    first.close();
    const second = new CsvSink(dir);
    second.write(rec(2, 0.2, { b: 3 }));
    second.close();
    expect(readFileSync(join(dir, 'metrics.csv'), 'utf8')).toBe('step,time,a,b\n1,0.1,1,2\n2,0.2,,3\n');
  });
});

function fakeStream(isTTY: boolean): { write(s: string): void; isTTY: boolean; columns: number; out: string[] } {
  const out: string[] = [];
  return { write: (s: string) => void out.push(s), isTTY, columns: 200, out };
}

describe('ConsoleSink', () => {
  it('redraws one progress line in place on a terminal', () => {
    const stream = fakeStream(true);
    const sink = new ConsoleSink({ totalSteps: 1000, stream });
    sink.write(rec(250, 1, { fps: 50, 'episode/return': 10, 'loss/dyn': 1.5, 'time/train_frac': 0 }));
    sink.write(rec(500, 2, { 'episode/return': 30, 'eval/return_mean': 200, 'time/train_frac': 0 }));
    sink.close();
    expect(stream.out).toHaveLength(3);
    // 250 steps in 1 s and no updates to come: 750 steps left take 3 s
    expect(stream.out[0]).toMatch(/^\r\[#####···············\] 250\/1,000 \| 50 fps \| return 10 \| loss\/dyn 1\.50 \| ETA 3s/);
    // the second line averages recent returns (10, 30) and keeps the latest fps and losses
    expect(stream.out[1]).toContain('[##########··········] 500/1,000 | 50 fps | return 20 | eval 200 | loss/dyn 1.50 | ETA 2s');
    expect(stream.out[2]).toBe('\n');
  });

  it('redraws the bar at most ten times a second, and the final state on close', () => {
    const stream = fakeStream(true);
    const sink = new ConsoleSink({ totalSteps: 100, stream });
    for (let i = 1; i <= 10; i++) sink.write(rec(i * 10, 1 + i * 0.01, { fps: 5 })); // ten records within 0.1 s
    sink.close();
    expect(stream.out.map((l) => /\] (\d+)\//.exec(l)?.[1] ?? 'newline')).toEqual(['10', '100', 'newline']);
  });

  it('prints plain lines every interval off a terminal, eval results at once, and the last state on close', () => {
    const stream = fakeStream(false);
    const sink = new ConsoleSink({ totalSteps: 100, stream, lineInterval: 10 });
    sink.write(rec(10, 1, { fps: 5 })); // first record: printed
    sink.write(rec(20, 5, { fps: 5 })); // 4 s later: skipped
    sink.write(rec(30, 6, { 'eval/return_mean': 7 })); // eval: printed
    sink.write(rec(40, 8, { fps: 5 })); // skipped, but printed by close()
    sink.close();
    expect(stream.out.map((l) => /^\S+ (\d+)\//.exec(l)![1])).toEqual(['10', '30', '40']);
    expect(stream.out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
  });
});

describe('createLogger', () => {
  it('creates the sinks the config names in the run folder', () => {
    const dir = join(tempDir(), 'run');
    const stream = fakeStream(false);
    const logger = createLogger({ dir, log: { sinks: ['console', 'jsonl', 'csv', 'tensorboard'], console: 'lines', line_interval: 0 }, totalSteps: 10, stream });
    logger.log(5, { fps: 1 });
    logger.close();
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(3);
    expect(files[0]).toMatch(/^events\.out\.tfevents\./);
    expect(files.slice(1)).toEqual(['metrics.csv', 'metrics.jsonl']);
    expect(stream.out.length).toBeGreaterThan(0);
  });
});
