import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A run's metrics.jsonl without the wall-clock fields (time and fps), one object per line. */
export function metricsWithoutTime(dir: string): Record<string, number>[] {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { time: _time, fps: _fps, ...rest } = JSON.parse(line) as Record<string, number>;
      return rest;
    });
}
