import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import type { MetricRecord, MetricSink } from './types.js';
import { ClosedError } from '../util/errors.js';

export const CSV_FILE = 'metrics.csv';
const FIXED_COLUMNS = ['step', 'time'];

/**
 * `metrics.csv` in wide format: a column per metric, `step,time` first, then metrics in order of first
 * appearance; a metric missing from a record leaves its cell empty. When a record brings a new metric, the file
 * is rewritten with the wider header (old rows padded with empty cells); otherwise rows are appended.
 * Non-finite values are written as NaN, inf, -inf (what pandas and NumPy read).
 */
export class CsvSink implements MetricSink {
  private readonly path: string;
  private columns: string[] = [...FIXED_COLUMNS];
  private fd: number | undefined;

  constructor(dir: string, fileName = CSV_FILE) {
    this.path = join(dir, fileName);
    if (existsSync(this.path)) {
      const header = readFileSync(this.path, 'utf8').split('\n', 1)[0] ?? '';
      if (header !== '') this.columns = parseCsvLine(header);
    } else {
      writeFileAtomic(this.path, `${this.columns.map(csvCell).join(',')}\n`);
    }
    this.fd = openSync(this.path, 'a');
  }

  write(record: MetricRecord): void {
    // Checked first: widening the header reopens the file, which would bring a closed sink back to life.
    if (this.fd === undefined) throw new ClosedError('CsvSink.write after close(): write every record before closing the sink (or open a new one)');
    const added = Object.keys(record.scalars).filter((n) => !this.columns.includes(n));
    if (added.length > 0) this.widen(added);
    const values: Record<string, number> = { step: record.step, time: record.time, ...record.scalars };
    const row = this.columns.map((c) => (c in values ? formatValue(values[c]!) : ''));
    writeSync(this.fd, `${row.join(',')}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Rewrites the file with the new header; existing rows get empty cells for the new columns. */
  private widen(added: string[]): void {
    this.close();
    const lines = readFileSync(this.path, 'utf8').split('\n').filter((l) => l !== '');
    const padding = ','.repeat(added.length);
    this.columns = [...this.columns, ...added];
    const body = lines.slice(1).map((l) => l + padding);
    writeFileAtomic(this.path, [this.columns.map(csvCell).join(','), ...body].join('\n') + '\n');
    this.fd = openSync(this.path, 'a');
  }
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

/** Quotes a header cell when it holds a comma, quote or newline (RFC 4180). */
export function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Splits one RFC 4180 line (quoted cells may hold commas and doubled quotes). */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}
