import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { TINY } from '../agents/dreamer/helpers.js';

/** Runs `dreamer <argv>` in-process; returns the exit code and everything printed to stderr. */
async function dreamer(argv: string[]): Promise<{ code: number; stderr: string }> {
  const errors: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  process.exitCode = 0;
  await main(argv);
  spy.mockRestore();
  log.mockRestore();
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stderr: errors.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('dreamer train: config errors stop the run with a message', () => {
  it.each([
    [['agent.rssm.latnt=gaussian'], /unknown config key `agent\.rssm\.latnt`.*Did you mean `agent\.rssm\.latent`\?/],
    [['agent.rssm.deter=big'], /`agent\.rssm\.deter` must be an integer/],
    [['agent.rssm.latent=spherical'], /`agent\.rssm\.latent` must be one of categorical \| gaussian \| fullcov, got "spherical"/],
    [['agent.behavior.gamma=1.5'], /`agent\.behavior\.gamma`.*(at most|<=|maximum) 1/],
    [['run.train_ratio=fast'], /`run\.train_ratio` must be a number/],
  ])('%s', async (overrides, message) => {
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-cfgerr-'));
    const { code, stderr } = await dreamer(['train', ...overrides, '--logdir', logdir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(existsSync(join(logdir, 'metrics.jsonl'))).toBe(false);
  });

  it('an unknown preset names the presets that exist', async () => {
    const { code, stderr } = await dreamer(['train', '--config', 'cartpol']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown config preset `cartpol`: did you mean `cartpole`\?/);
  });
});

describe("dreamer train on a user's env loaded by path", () => {
  it('trains on ./fixtures/count-env.ts:CountEnv and writes config.yaml and metrics.jsonl', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-userenv-'));
    const envId = `${join(import.meta.dirname, 'fixtures', 'count-env.ts')}:CountEnv`;
    const overrides = [...TINY, 'backend=cpu', `env.id=${envId}`, 'env.kwargs={terminateAt: 5}', 'run.steps=40', 'run.prefill=20', 'run.train_ratio=4.0', 'run.eval_every=40', 'run.eval_episodes=2', 'replay.batch_size=2', 'replay.seq_len=4', 'log.sinks=[jsonl]'];
    const { code, stderr } = await dreamer(['train', ...overrides, '--logdir', logdir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const records = readFileSync(join(logdir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    // Every episode of CountEnv lasts exactly terminateAt = 5 steps and returns 5.
    const episodes = records.filter((r) => 'episode/return' in r);
    expect(episodes.length).toBeGreaterThan(0);
    for (const r of episodes) expect([r['episode/return'], r['episode/length']]).toEqual([5, 5]);
    expect(records.filter((r) => 'eval/return_mean' in r).map((r) => r['eval/return_mean'])).toEqual([5]);
    expect(readFileSync(join(logdir, 'config.yaml'), 'utf8')).toContain('count-env.ts:CountEnv');
  });
});
