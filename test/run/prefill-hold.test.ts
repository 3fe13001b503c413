/** `run.prefill_hold` reaches the prefill explorer, and a run's prefill rows show the held actions. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomAgent } from '../../agents/random/agent.js';
import { loadConfig } from '../../src/config/index.js';
import { buildRun } from '../../src/run/setup.js';
import { TINY } from '../agents/dreamer/helpers.js';

const RUN = [...TINY, 'backend=cpu', 'env.id=MountainCarContinuous-v0', 'agent.kind=random', 'run.eval_every=0'];

describe('run.prefill_hold', () => {
  it('builds the explorer with the hold, one action per `hold` steps per sub-env', async () => {
    const cfg = loadConfig({ overrides: [...RUN, 'run.prefill_hold=5', 'env.num_envs=2'] });
    const parts = await buildRun(cfg);
    try {
      parts.driver.reset(parts.explorer, 0);
      expect(parts.explorer).toBeInstanceOf(RandomAgent);
      expect((parts.explorer as RandomAgent).hold).toBe(5);
      const seen: number[][] = [];
      for (let t = 0; t < 10; t++) {
        parts.driver.step(parts.explorer, 'explore');
        seen.push(Array.from(parts.driver.row().action));
      }
      // Rows after step t hold the action taken at t: steps 0-4 one action, 5-9 another, per sub-env.
      expect(seen[4]).toEqual(seen[0]);
      expect(seen[9]).toEqual(seen[5]);
      expect(seen[5]).not.toEqual(seen[4]);
    } finally {
      parts.driver.close(parts.explorer);
      parts.evalDriver.close(parts.explorer);
    }
  });

  it('is 1 by default (a new uniform action every step, as before the knob)', () => {
    expect(loadConfig().run.prefill_hold).toBe(1);
  });

  it('rejects a hold below 1 or not whole, naming the key', () => {
    expect(() => loadConfig({ overrides: ['run.prefill_hold=0'] })).toThrow(/run\.prefill_hold/);
    expect(() => loadConfig({ overrides: ['run.prefill_hold=2.5'] })).toThrow(/run\.prefill_hold/);
  });
});
