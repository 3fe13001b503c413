import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { latestCheckpoint } from '../../src/run/checkpoint.js';
import { Driver } from '../../src/run/driver.js';
import { train } from '../../src/run/train.js';
import { TINY } from '../agents/dreamer/helpers.js';

afterEach(() => vi.restoreAllMocks());

const RUN = [...TINY, 'backend=cpu', 'agent.kind=random', 'run.steps=100', 'run.prefill=10', 'run.eval_every=0', 'run.checkpoint_every=0', 'log.sinks=[jsonl]'];

describe('stop signals', () => {
  it("a second signal exits at once with the first signal's code; the first alone stops with a checkpoint", async () => {
    const exits: number[] = [];
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => void exits.push(Number(code))) as typeof process.exit);
    const step = Driver.prototype.step;
    let explored = 0;
    vi.spyOn(Driver.prototype, 'step').mockImplementation(function (this: Driver, agent, mode) {
      if (mode === 'explore' && ++explored === 30) {
        process.emit('SIGTERM');
        expect(exits).toEqual([]); // the first one only asks to stop
        process.emit('SIGINT');
      }
      return step.call(this, agent, mode);
    });
    let text = '';
    const stream = { write: (chunk: string): boolean => ((text += chunk), true) };
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-signals-'));
    const result = await train(loadConfig({ config: ['cartpole'], overrides: RUN }), { logdir, quiet: true, stream });
    expect(exits).toEqual([143]); // 128 + SIGTERM
    expect(text).toContain('SIGINT again: exiting now, without a checkpoint');
    // (process.exit is mocked here, so the run went on to stop as after one signal)
    expect([result.interrupted, result.signal, result.steps]).toEqual([true, 'SIGTERM', 30]);
    expect(latestCheckpoint(logdir)?.step).toBe(30);
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });
});
