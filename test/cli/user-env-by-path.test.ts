import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A user's .ts env loaded by path through the compiled CLI, as a user runs it (`npx dreamer ...`): the env imports
 * from 'dreamer-ts', which loads a second copy of the package through tsx. Needs `npm run build` (npm ci does it).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'bin', 'dreamer.js');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'envs', 'plain-envs.ts');

function dreamer(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('an env that is a plain class (no extends Env), loaded by path', () => {
  it('check-env passes, says it was wrapped and what it loses, and prints no registry warnings', () => {
    const r = dreamer(['check-env', `${FIXTURE}:PlainEnv`]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/does not extend Env, so it was wrapped .* What it loses: seeding through super\.reset/);
    expect(r.out).toMatch(/random rollout .*: 3 episodes, 15 steps, all fine/);
    expect(r.out).toMatch(/passed \(0 errors/);
  });

  it('check-env fails an env whose observation turns NaN at step 3, as training would', () => {
    const r = dreamer(['check-env', `${FIXTURE}:NanAtStep3Env`]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ERROR +env ".*NanAtStep3Env" \(sub-env 0\) at env step 3: step\(\) obs\[0\] is NaN\. Fix: keep every observation value finite/);
    expect(r.out).toMatch(/FAILED \(1 error/);
  });

  it('train runs on it and writes a run folder', () => {
    const logdir = join(mkdtempSync(join(tmpdir(), 'plain-env-train-')), 'run');
    const r = dreamer(['train', `env.id=${FIXTURE}:PlainEnv`, 'agent.kind=random', 'backend=cpu', 'run.steps=30', 'run.prefill=0', 'log.sinks=[jsonl]', '--logdir', logdir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(logdir, 'config.yaml'))).toBe(true);
    expect(r.out).toMatch(/done: 30 env steps/);
  });
});
