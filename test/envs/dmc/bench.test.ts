import { describe, expect, it } from 'vitest';
import { benchDmc } from '../../../bench/env-dmc.js';

describe('the DMC part of dreamer bench env', () => {
  it('reports env and raw control steps/s, their ratio and a 64 x 64 frame time for a task', async () => {
    const f = await benchDmc('dm_control/pendulum-swingup-v0', 0.2);
    expect(Object.keys(f)).toEqual(['env', 'raw', 'ratio', 'render_ms']);
    expect(f.env).toBeGreaterThan(0);
    expect(f.raw).toBeGreaterThan(0);
    expect(f.ratio).toBeCloseTo(f.env / f.raw, 2);
    expect(f.render_ms).toBeGreaterThan(0);
    expect(f.render_ms).toBeLessThan(1000);
  }, 90_000);
});
