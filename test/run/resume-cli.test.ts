import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { latestCheckpoint } from '../../src/run/checkpoint.js';
import { TINY } from '../agents/dreamer/helpers.js';

/** Runs `dreamer <argv>` in-process; returns the exit code and what was printed. */
async function dreamer(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [out, err]: string[][] = [[], []];
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  process.exitCode = 0;
  await main(argv);
  vi.restoreAllMocks();
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

/** Every file of a folder (recursively) with its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out[name] = readFileSync(path).toString('base64');
  }
  return out;
}

const RUN = [...TINY, 'backend=cpu', 'run.prefill=20', 'run.train_ratio=4.0', 'run.eval_every=0', 'run.checkpoint_every=0', 'replay.batch_size=2', 'replay.seq_len=4', 'log.sinks=[jsonl]'];

describe('dreamer train --resume', () => {
  it('continues a finished run to a longer run.steps, from its config.yaml', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-resume-cli-'));
    expect((await dreamer(['train', ...RUN, 'run.steps=30', '--logdir', logdir])).code).toBe(0);
    expect(latestCheckpoint(logdir)?.step).toBe(30);
    const resumed = await dreamer(['train', '--resume', logdir, 'run.steps=50']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('done: 50 env steps');
    expect(latestCheckpoint(logdir)?.step).toBe(50);
    expect(readFileSync(join(logdir, 'config.yaml'), 'utf8')).toContain('steps: 50');
  }, 30_000);

  it('a resume that changes what the checkpoint fixes fails (exit 2) and leaves the run folder as it was', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-resume-refused-'));
    expect((await dreamer(['train', ...RUN, 'run.steps=30', '--logdir', logdir])).code).toBe(0);
    const before = snapshot(logdir);
    const refused = await dreamer(['train', '--resume', logdir, 'env.id=Acrobot-v1', 'run.steps=50']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--resume cannot change env.id: "CartPole-v1" -> "Acrobot-v1"');
    expect(refused.stderr).toContain('Nothing in the run folder was changed.');
    expect(snapshot(logdir)).toEqual(before);
    // and the run still resumes
    expect((await dreamer(['train', '--resume', logdir, 'run.steps=40'])).code).toBe(0);
  }, 30_000);

  it('--seeds 2 trains seeds run.seed and run.seed+1 into LOGDIR/seed0 and seed1', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-seeds-'));
    const { code } = await dreamer(['train', ...RUN, 'run.steps=20', 'run.seed=7', '--seeds', '2', '--logdir', logdir]);
    expect(code).toBe(0);
    const seedOf = (i: number): string => /seed: (\d+)/.exec(readFileSync(join(logdir, `seed${i}`, 'config.yaml'), 'utf8'))![1]!;
    expect([seedOf(0), seedOf(1)]).toEqual(['7', '8']);
    expect(latestCheckpoint(join(logdir, 'seed1'))?.step).toBe(20);
  }, 30_000);

  it('a folder that is not a run is a user error (exit 2) naming the fix', async () => {
    const { code, stderr } = await dreamer(['train', '--resume', join(tmpdir(), 'no-such-run-folder')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no config\.yaml there, so it is not a run folder; pass the --logdir of a `dreamer train` run/);
  });
});
