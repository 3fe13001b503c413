import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { randomAgentRun, runCli } from './helpers.js';

describe('dreamer dream', () => {
  it('is listed as a command', () => {
    expect(commands.map((c) => c.name)).toContain('dream');
  });

  it('explains that a run without a world model cannot dream, and checks its numbers', async () => {
    const run = randomAgentRun();
    const random = await runCli(['dream', '--checkpoint', run]);
    expect([random.code, random.err[0]]).toEqual([2, "dreamer: dream needs a world model, but this run's agent.kind is random: use a checkpoint of a dreamer run."]);
    const bad = await runCli(['dream', '--checkpoint', run, '--horizon', '0']);
    expect([bad.code, bad.err[0]]).toEqual([2, 'dreamer: --horizon must be a whole number >= 1, got 0.']);
  });
});
