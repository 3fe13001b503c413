import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Where prefixed lines go: a Writable (process.stdout) or anything with `write`. */
export interface LineSink {
  write(text: string): unknown;
}

/**
 * Copies `from` to `to` line by line, each line prefixed; a progress bar's \r redraws become lines of their own.
 * `onLine` sees each (unprefixed) line too, e.g. to keep the last one for an error message.
 */
export function prefixLines(from: Readable, to: LineSink, prefix: string, onLine?: (line: string) => void): void {
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on('line', (line) => {
    for (const part of line.split('\r')) {
      if (part.trim() === '') continue;
      to.write(`${prefix}${part}\n`);
      onLine?.(part);
    }
  });
}
