import type { Env, Frame } from './env.js';
import { dataEquivalence } from './data-equivalence.js';
import {
  nonFiniteProblems,
  obsProblems,
  renderMetadataProblems,
  resetResultProblems,
  rewardProblems,
  spaceLimitProblems,
  spaceProblems,
  stepResultProblems,
  typeName,
  type Finding,
} from './checks.js';
import { isSpace } from './spaces/dict.js';
import type { Space } from './spaces/space.js';
import { make } from './make.js';
import type { EnvSpec } from './spec.js';

export type { Finding } from './checks.js';

export interface CheckEnvOptions {
  /** Skip re-making the env in each of its render modes (needs `env.spec`, i.e. an env from `make`). */
  skipRenderCheck?: boolean;
  /** Skip calling close() twice on a fresh env. */
  skipCloseCheck?: boolean;
  /** Builds a fresh env with another render mode; defaults to re-making `env.spec` (set when the env came from make). */
  remake?: (renderMode: string | undefined) => Env<unknown, unknown>;
}

type AnyEnv = Env<unknown, unknown>;
const SEED_A = 123;
const SEED_B = 456;
const SUPER_RESET_FIX = 'call `super.reset(opts)` at the start of reset() so that seeding works as in Gymnasium';

/**
 * Gymnasium's `check_env`: checks the spaces, reset (result, seeding determinism, obs in space), step (result
 * types, determinism for a seed, obs in space, NaN/Inf), render modes and close. It returns findings instead of
 * raising: 'error' where Gymnasium asserts (or the env is unusable), 'warning' where it warns.
 * Pass the raw env (`env.unwrapped`) as Gymnasium recommends; wrappers can hide problems.
 */
export function checkEnv(env: AnyEnv, options: CheckEnvOptions = {}): Finding[] {
  const opts = { ...options, remake: options.remake ?? remakeFromSpec(env) };
  const findings: Finding[] = [];
  const add: Add = (...found) => findings.push(...found);
  if (env.unwrapped !== env) {
    add(warning(`The environment ${String(env)} is wrapped; wrappers can hide problems. Check \`env.unwrapped\` instead.`));
  }
  const spacesOk = checkSpaces(env, add);
  if (!spacesOk) return findings;
  const obsSpace = env.observationSpace as Space<unknown>;
  const guarded = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      add(error(`${what} threw ${typeName(e)}: ${(e as Error).message}; it must not throw for valid input.`));
      return undefined;
    }
  };
  const resetOk = guarded('reset()', () => checkReset(env, obsSpace, add));
  if (resetOk) guarded('step()', () => checkStep(env, obsSpace, add));
  if (!opts.skipRenderCheck) guarded('render()', () => checkRender(env, opts, add));
  if (!opts.skipCloseCheck && opts.remake) {
    guarded('close()', () => {
      const fresh = opts.remake?.(undefined) as AnyEnv;
      fresh.close();
      fresh.close();
    });
  }
  return findings;
}

type Add = (...findings: Finding[]) => void;
const error = (message: string): Finding => ({ level: 'error', message });
const warning = (message: string): Finding => ({ level: 'warning', message });

function checkSpaces(env: AnyEnv, add: Add): boolean {
  let ok = true;
  for (const which of ['observation', 'action'] as const) {
    const space = which === 'observation' ? env.observationSpace : env.actionSpace;
    add(...spaceProblems(space, which));
    if (isSpace(space)) add(...spaceLimitProblems(space, which));
    else ok = false;
  }
  return ok;
}

/** reset() result, obs in space, and Gymnasium's `check_reset_seed_determinism` + options check. */
function checkReset(env: AnyEnv, obsSpace: Space<unknown>, add: Add): boolean {
  const first = env.reset({ seed: SEED_A });
  const shape = resetResultProblems(first);
  if (shape.length > 0) {
    add(...shape);
    return false;
  }
  add(...obsProblems(first.obs, obsSpace, 'reset'), ...nonFiniteProblems(first.obs, 'reset'));
  const stateA = JSON.stringify(env.unwrapped.npRandom.getState());
  const second = env.reset({ seed: SEED_A });
  if (!dataEquivalence(first.obs, second.obs)) {
    add(error(`Using \`env.reset({ seed: ${SEED_A} })\` is non-deterministic: the observations differ; draw the initial state only from this.npRandom.`));
  }
  if (JSON.stringify(env.unwrapped.npRandom.getState()) !== stateA) {
    add(error(`The generator differs after two resets with the same seed; ${SUPER_RESET_FIX}.`));
  }
  env.reset({ seed: SEED_B });
  const rngB = env.unwrapped.npRandom;
  if (JSON.stringify(rngB.getState()) === stateA) {
    add(error(`The generator is the same after resets with different seeds (${SEED_A}, ${SEED_B}); ${SUPER_RESET_FIX}.`));
  }
  env.reset();
  if (env.unwrapped.npRandom !== rngB) {
    add(error('reset() without a seed replaced the generator; it must keep using the existing one (only reset({ seed }) re-seeds).'));
  }
  try {
    env.reset({ options: {} });
  } catch (e) {
    add(error(`reset({ options: {} }) threw: ${(e as Error).message}; reset must accept an empty options object.`));
  }
  return true;
}

/** step() result types, obs in space, NaN/Inf, and Gymnasium's `check_step_determinism`. */
function checkStep(env: AnyEnv, obsSpace: Space<unknown>, add: Add): void {
  const run = (): { result: unknown; action: unknown } => {
    env.reset({ seed: SEED_A });
    env.actionSpace.seed(SEED_A);
    const action = env.actionSpace.sample();
    return { result: env.step(action), action };
  };
  const a = run();
  const shape = stepResultProblems(a.result);
  add(...shape);
  if (shape.length > 0) return;
  const r1 = a.result as { obs: unknown; reward: number; terminated: boolean; truncated: boolean; info: unknown };
  add(...rewardProblems(r1.reward), ...obsProblems(r1.obs, obsSpace, 'step'), ...nonFiniteProblems(r1.obs, 'step'));
  const r2 = run().result as typeof r1;
  if (!dataEquivalence(r1.obs, r2.obs)) add(error('Deterministic step observations are not equivalent for the same seed and action; the step must depend only on the state, the action and this.npRandom.'));
  if (!dataEquivalence(r1.reward, r2.reward)) add(error('Deterministic step rewards are not equivalent for the same seed and action.'));
  if (r1.terminated !== r2.terminated || r1.truncated !== r2.truncated) add(error('Deterministic step terminated/truncated differ for the same seed and action.'));
  if (!dataEquivalence(r1.info, r2.info)) add(warning('Deterministic step info are not equivalent for the same seed and action.'));
}

/** Render metadata, and each declared render mode through `opts.remake` (Gymnasium re-makes via env.spec). */
function checkRender(env: AnyEnv, opts: CheckEnvOptions, add: Add): void {
  const m = env.metadata;
  add(...renderMetadataProblems(m?.renderModes, m?.renderFps, env.renderMode));
  if (!opts.remake) {
    add(warning('Not able to test the render modes because the env was not made through make(); check it by id (dreamer check-env <id>).'));
    return;
  }
  for (const mode of Array.isArray(m?.renderModes) ? m.renderModes : []) {
    if (mode === 'human') continue; // opens a window or writes files: not checked headless
    const fresh = opts.remake(mode);
    fresh.reset({ seed: SEED_A });
    const problem = renderOutputProblem(mode, fresh.render());
    if (problem) add(error(problem));
    fresh.close();
  }
}

function renderOutputProblem(mode: string, out: unknown): string | undefined {
  const isFrame = (f: unknown): boolean => {
    const fr = f as Frame;
    return typeof f === 'object' && f !== null && fr.data instanceof Uint8Array && Array.isArray(fr.shape) &&
      fr.shape.length === 3 && fr.shape[2] === 3 && fr.data.length === fr.shape[0] * fr.shape[1] * 3;
  };
  if (mode === 'rgb_array' && !isFrame(out)) {
    return `render() in 'rgb_array' mode must return { data: Uint8Array, shape: [H, W, 3] } with H*W*3 bytes, got ${typeName(out)}.`;
  }
  if (mode === 'rgb_array_list' && !(Array.isArray(out) && out.every(isFrame))) {
    return `render() in 'rgb_array_list' mode must return an array of frames, got ${typeName(out)}.`;
  }
  if (mode === 'ansi' && typeof out !== 'string') return `render() in 'ansi' mode must return a string, got ${typeName(out)}.`;
  return undefined;
}

/** Gymnasium's `env.spec.make(render_mode=...)`, when the env carries the spec `make` gave it. */
function remakeFromSpec(env: AnyEnv): CheckEnvOptions['remake'] {
  const spec = env.unwrapped.spec as EnvSpec | undefined;
  if (!spec || spec.entryPoint === undefined) return undefined;
  return (renderMode) => make(spec, { renderMode: renderMode as never, disableEnvChecker: true });
}
