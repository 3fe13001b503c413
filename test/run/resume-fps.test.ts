import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { Logger } from '../../src/log/index.js';
import { listCheckpoints } from '../../src/run/checkpoint.js';
import { train } from '../../src/run/train.js';
import { TINY } from '../agents/dreamer/helpers.js';

afterEach(() => vi.restoreAllMocks());

/** CountEnv never ends an episode here (no episode records); one log record at the end; checkpoints every 10 env steps. */
const COUNT_ENV = `${join(import.meta.dirname, 'fixtures', 'count-env.ts')}:CountEnv`;
const RUN = [...TINY, 'backend=cpu', 'agent.kind=random', `env.id=${COUNT_ENV}`, 'env.kwargs={terminateAt: 1000}', 'run.steps=40', 'run.prefill=10', 'run.eval_every=0', 'run.log_every=1000', 'run.checkpoint_every=10', 'run.keep_checkpoints=10', 'log.sinks=[jsonl]'];

describe('the first fps after a resume', () => {
  it('counts only the env steps taken since the resume', async () => {
    const cfg = loadConfig({ overrides: RUN });
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-fps-'));
    await train(cfg, { logdir, quiet: true });
    const mid = listCheckpoints(logdir).find((c) => c.step === 20)!;
    for (const c of listCheckpoints(logdir)) if (c.step > mid.step) rmSync(c.path, { recursive: true });
    // A clock that moves one second per reading: the resumed run's only log record is one second after its start.
    let t = 0;
    vi.spyOn(Logger.prototype, 'elapsed').mockImplementation(() => (t += 1));
    const resumed = mkdtempSync(join(tmpdir(), 'dreamer-fps-'));
    cpSync(logdir, resumed, { recursive: true });
    await train(cfg, { logdir: resumed, quiet: true, resume: true });
    const last = JSON.parse(readFileSync(join(resumed, 'metrics.jsonl'), 'utf8').trim().split('\n').at(-1)!) as Record<string, number>;
    expect(last.step).toBe(40);
    expect(last.fps).toBe(40 - mid.step);
  }, 30_000);
});
