import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { CSV_FILE, parseCsvLine } from './csv.js';
import { JSONL_FILE } from './jsonl.js';

/**
 * Before a resumed run logs again: drop the records a killed run wrote after its last checkpoint, so the
 * metrics files continue as if the run had never stopped (records with `step` <= `step` are kept). A torn last
 * line (the process died mid-write) is dropped too. TensorBoard event files are left alone: each process writes
 * its own, and TensorBoard shows the later value for a repeated step.
 */
export function truncateMetricsAfter(dir: string, step: number): void {
  truncateJsonl(join(dir, JSONL_FILE), step);
  truncateCsv(join(dir, CSV_FILE), step);
}

function truncateJsonl(path: string, step: number): void {
  if (!existsSync(path)) return;
  const kept = completeLines(readFileSync(path, 'utf8')).filter((line) => {
    try {
      const record = JSON.parse(line) as { step?: unknown };
      return typeof record.step === 'number' && record.step <= step;
    } catch {
      return false; // a torn line
    }
  });
  writeFileAtomic(path, kept.map((l) => `${l}\n`).join(''));
}

function truncateCsv(path: string, step: number): void {
  if (!existsSync(path)) return;
  const [header, ...rows] = completeLines(readFileSync(path, 'utf8'));
  if (header === undefined) return;
  const width = parseCsvLine(header).length;
  const kept = rows.filter((row) => {
    const cells = parseCsvLine(row);
    return cells.length === width && Number(cells[0]) <= step;
  });
  writeFileAtomic(path, [header, ...kept].map((l) => `${l}\n`).join(''));
}

/** Lines ended by a newline; text after the last newline is a partial write. */
function completeLines(text: string): string[] {
  const end = text.lastIndexOf('\n');
  return end < 0 ? [] : text.slice(0, end).split('\n').filter((l) => l !== '');
}
