import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/run/full-gc.js';

describe('collectGarbage', () => {
  it('frees unreachable objects without node --expose-gc', () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined(); // vitest runs without the flag
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let garbage: number[][] | undefined = Array.from({ length: 200_000 }, (_, i) => [i, i + 1, i + 2]);
    const withGarbage = process.memoryUsage().heapUsed;
    expect(withGarbage - before).toBeGreaterThan(10 * 1024 * 1024); // ~200k small arrays: tens of MB
    garbage = undefined;
    collectGarbage();
    expect(garbage).toBeUndefined();
    // Young objects that survived allocation may be promoted; a full collection frees them all.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan((withGarbage - before) / 4);
  });
});
