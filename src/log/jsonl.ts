import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricRecord, MetricSink } from './types.js';
import { ClosedError } from '../util/errors.js';

export const JSONL_FILE = 'metrics.jsonl';

/**
 * `metrics.jsonl`: one JSON object per record, `{"step": ..., "time": ..., "<name>": value, ...}`, appended
 * (a resumed run continues the same file). JSON has no NaN or Infinity: those values are written as null.
 */
export class JsonlSink implements MetricSink {
  private fd: number | undefined;

  constructor(dir: string, fileName = JSONL_FILE) {
    this.fd = openSync(join(dir, fileName), 'a');
  }

  write(record: MetricRecord): void {
    if (this.fd === undefined) throw new ClosedError('JsonlSink.write after close(): write every record before closing the sink (or open a new one)');
    writeSync(this.fd, `${recordToJson(record)}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export function recordToJson(record: MetricRecord): string {
  const fields: Record<string, number | null> = { step: record.step, time: record.time };
  for (const [name, value] of Object.entries(record.scalars)) fields[name] = Number.isFinite(value) ? value : null;
  return JSON.stringify(fields);
}
