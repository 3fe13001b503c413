import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Keys that measure the machine, not the run: wall-time fractions and memory (src/run/profile.ts). */
const MACHINE_KEY = /^(time|sys)\//;

/** A run's metrics.jsonl without the wall-clock and memory fields (time, fps, time/*, sys/*), one object per line. */
export function metricsWithoutTime(dir: string): Record<string, number>[] {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { time: _time, fps: _fps, ...rest } = JSON.parse(line) as Record<string, number>;
      return Object.fromEntries(Object.entries(rest).filter(([key]) => !MACHINE_KEY.test(key)));
    });
}
