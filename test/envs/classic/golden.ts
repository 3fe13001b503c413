import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import type { Env, StepResult } from '../../../src/env/env.js';
import { make } from '../../../src/env/make.js';

/**
 * Gymnasium 1.4 golden trajectories (test/fixtures/golden, see its README): every recorded step from the recorded
 * previous state, whole-trajectory replay where it is well-conditioned, post-termination steps, reset samples.
 */

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const GOLDEN_DIR = path.resolve(REPO_ROOT, 'test/fixtures/golden');
/** Tolerance on obs and reward (the README's suggested check; V8's sin/cos differ from glibc by an ULP). */
export const TOL = 1e-6;
/** Replay whole trajectories only where a 1e-12 perturbation moves the obs by less than this. */
const MAX_OPEN_LOOP_SENSITIVITY = 1e-6;
const STRICT_REWARD_TOL = 1e-12;
/** Single steps from the recorded state: the README measured state errors <= 1.8e-15 with V8's sin/cos. */
const STRICT_STATE_TOL = 1e-14;

export interface GoldenStep {
  t: number;
  action: number;
  obs: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
  state: number[];
}

export interface GoldenCase {
  case: number;
  action_dtype: 'int' | 'float32';
  initial_state: number[];
  initial_obs: number[];
  steps: GoldenStep[];
  after_termination_steps: GoldenStep[];
  ended_by: string;
  open_loop_sensitivity: { max_abs_obs_deviation: number };
}

export interface GoldenFile {
  env_id: string;
  max_episode_steps: number;
  render_fps: number;
  cases: GoldenCase[];
  reset_samples: { seed: number; options: Record<string, unknown> | null; obs: number[]; state: number[] }[];
}

export function loadGolden(envId: string): GoldenFile {
  return JSON.parse(readFileSync(path.join(GOLDEN_DIR, `${envId}.json`), 'utf8')) as GoldenFile;
}

/** What the golden tests need from an env: the stack to step and the raw env whose state they set. */
export interface GoldenEnvAccess {
  env: Env<Float32Array, unknown>;
  setState(values: number[], stepIndex: number): void;
  getState(): ArrayLike<number>;
  /** Whether `truncated` comes from a TimeLimit in the stack (through make) or is the base env's false. */
  hasTimeLimit: boolean;
}

/** Python passes Discrete actions as int and Box actions as np.array([a], float32). */
export function goldenAction(c: GoldenCase, a: number): unknown {
  return c.action_dtype === 'float32' ? Float32Array.of(a) : a;
}

/** Indices where |actual - expected| > tol, as readable strings (one assertion per array keeps tests fast). */
function mismatches(actual: ArrayLike<number>, expected: number[], tol: number, what: string): string[] {
  if (actual.length !== expected.length) return [`${what}: length ${actual.length} vs ${expected.length}`];
  const out: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) out.push(`${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
  return out;
}

/**
 * Checks one step against the record: obs and reward within `tol`, flags exact. With `strict`, obs must match bit
 * for bit and the reward to 1e-12: what a port with the right float32 rounding points achieves from the recorded
 * state even with V8's sin/cos (a float64-only port is ~1e-7 off in Pendulum and MountainCarContinuous).
 */
export function stepMismatches(r: StepResult<Float32Array>, s: GoldenStep, hasTimeLimit: boolean, maxSteps: number, strict: boolean): string[] {
  const what = `t=${s.t}`;
  const out = mismatches(r.obs, s.obs, strict ? 0 : TOL, `${what} obs`);
  if (!(r.obs instanceof Float32Array)) out.push(`${what} obs is not a Float32Array`);
  if (!(Math.abs(r.reward - s.reward) <= (strict ? STRICT_REWARD_TOL : TOL))) out.push(`${what} reward ${r.reward} vs ${s.reward}`);
  if (r.terminated !== s.terminated) out.push(`${what} terminated ${r.terminated} vs ${s.terminated}`);
  // Without TimeLimit the base env never truncates; the record's flag must then be TimeLimit's t >= limit.
  const expectedTruncated = hasTimeLimit ? s.truncated : false;
  if (r.truncated !== expectedTruncated) out.push(`${what} truncated ${r.truncated} vs ${expectedTruncated}`);
  if (!hasTimeLimit && s.truncated !== s.t >= maxSteps) out.push(`${what} recorded truncated flag is not t >= ${maxSteps}`);
  return out;
}

/** The env as `gym.make(id)` builds it (TimeLimit<OrderEnforcing<PassiveEnvChecker<Env>>>), seeded by reset. */
export function openThroughMake(
  envId: string,
  setState: (raw: { state: unknown }, values: number[], stepIndex: number) => void = (raw, v) => (raw.state = v),
): (seed: number) => GoldenEnvAccess {
  return (seed) => {
    const env = make<Float32Array, unknown>(envId);
    env.reset({ seed });
    const raw = env.unwrapped as unknown as { state: ArrayLike<number> };
    return { env, hasTimeLimit: true, setState: (v, i) => setState(raw, v, i), getState: () => raw.state };
  };
}

export function describeGolden(envId: string, open: (resetSeed: number) => GoldenEnvAccess, how: string): void {
  const golden = loadGolden(envId);
  describe(`${envId} golden parity (Gymnasium 1.4), ${how}`, () => {
    it.each(golden.cases.map((c) => [c.case, c] as const))('case %i: every step from the recorded previous state', (_, c) => {
      const access = open(1000 + c.case);
      const all = [...c.steps, ...c.after_termination_steps];
      const problems: string[] = [];
      all.forEach((s, i) => {
        access.setState(i === 0 ? c.initial_state : all[i - 1].state, i);
        const r = access.env.step(goldenAction(c, s.action));
        problems.push(...stepMismatches(r, s, access.hasTimeLimit, golden.max_episode_steps, true));
        problems.push(...mismatches(access.getState(), s.state, STRICT_STATE_TOL, `t=${s.t} state`));
      });
      expect(problems).toEqual([]);
    });

    const replayable = golden.cases.filter((c) => c.open_loop_sensitivity.max_abs_obs_deviation < MAX_OPEN_LOOP_SENSITIVITY);
    it.each(replayable.map((c) => [c.case, c] as const))('case %i: open-loop replay of the whole trajectory', (_, c) => {
      const access = open(1000 + c.case);
      access.setState(c.initial_state, 0);
      const problems: string[] = [];
      for (const s of [...c.steps, ...c.after_termination_steps]) {
        problems.push(...stepMismatches(access.env.step(goldenAction(c, s.action)), s, access.hasTimeLimit, golden.max_episode_steps, false));
      }
      expect(problems).toEqual([]);
    });

    it.each(golden.reset_samples.map((r) => [r.seed, r] as const))('reset(seed=%i) reproduces obs and state bit for bit', (seed, r) => {
      const access = open(seed);
      const { obs } = access.env.reset({ seed, options: r.options ?? undefined });
      expect(Array.from(obs)).toEqual(r.obs);
      expect(Array.from(access.getState())).toEqual(r.state);
    });
  });
}
