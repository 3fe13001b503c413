import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { train } from '../../src/run/train.js';
import { metricsWithoutTime } from './metrics-file.js';
import { OLD_RUN } from './fixtures/old-checkpoint-run.js';

/** Run folders whose checkpoint (ckpt-40) was written before the agent contract (run.json held the explorer). */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'checkpoint-v1');

describe('checkpoints written before the agent contract', () => {
  for (const kind of ['dreamer', 'random'] as const) {
    it(`a ${kind} run resumes from one and writes the metrics the old code wrote resuming it`, async () => {
      const logdir = mkdtempSync(join(tmpdir(), `dreamer-old-${kind}-`));
      cpSync(join(FIXTURES, kind), logdir, { recursive: true });
      const cfg = loadConfig({ config: ['cartpole'], overrides: [...OLD_RUN, `agent.kind=${kind}`, 'run.steps=60'] });
      let printed = '';
      const stream = { write: (chunk: string) => ((printed += chunk), true) };
      const result = await train(cfg, { logdir, quiet: true, resume: true, stream });
      expect(result.steps).toBe(60);
      // Its episode was in flight and it holds no carry: every sub-env starts a new episode, and the first line says why.
      expect(printed).toContain("(env step 40): written before checkpoints saved the agent's carried state and taken mid-episode (or its envs have no `state` accessor), so every sub-env starts a new episode");
      const expected = JSON.parse(readFileSync(join(FIXTURES, `${kind}-resumed-to-60.json`), 'utf8')) as Record<string, number>[];
      const got = metricsWithoutTime(logdir);
      // The same records and keys; values to float32 rounding (the agent's ops were reordered since the fixture
      // was written, which moves gradient norms in the 8th digit, never more).
      expect(got.map((r) => Object.keys(r).sort())).toEqual(expected.map((r) => Object.keys(r).sort()));
      got.forEach((record, i) => {
        for (const [key, value] of Object.entries(record)) expect(value, `record ${i} ${key}`).toBeCloseTo(expected[i]![key]!, 5);
      });
    }, 60_000);
  }
});
