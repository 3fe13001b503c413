import type { Env } from '../env/env.js';
import type { GeneratorState } from '../env/rng/generator.js';
import { SyncVectorEnv } from '../env/vector/sync-vector-env.js';
import type { VectorEnv } from '../env/vector/vector-env.js';
import { captureWrappers, restoreWrappers, type WrapperState } from '../env/wrapper-state.js';
import { CheckpointError } from '../util/errors.js';

/**
 * The sub-envs' internals a checkpoint can restore: each sub-env's generator state and, for envs that expose it
 * (the classic-control envs' `unwrapped.state`, the DMC envs' physics and episode model fields), its physical state. Rule for user envs: an env restores exactly
 * when its `unwrapped` has a `state` property that can be read and assigned (array of numbers); otherwise its
 * in-flight episode restarts on resume (its generator still continues where it was). Its wrappers that keep
 * counters or flags between steps implement src/env/wrapper-state.ts, so a mid-episode checkpoint restores them.
 */
export interface SubEnvState {
  rng: GeneratorState | null;
  /** `env.unwrapped.state` when the env exposes one */
  state: number[] | null;
  /**
   * The wrappers' counters and flags, outermost layer first (null: a layer that keeps none; src/env/wrapper-state.ts)
   * and whether the vector env resets this sub-env at its next step: what a mid-episode checkpoint restores on top
   * of `state`. Absent in checkpoints written before mid-episode resume was exact.
   */
  wrappers?: (WrapperState | null)[];
  pendingReset?: boolean;
}

/** The sub-envs of a vector env that live in this process (async vector envs keep theirs in workers). */
function localEnvs(venv: VectorEnv): Env[] | undefined {
  return venv instanceof SyncVectorEnv ? venv.envs : undefined;
}

interface WithState {
  state?: unknown;
}

function readState(env: Env): number[] | null {
  const raw = (env.unwrapped as unknown as WithState).state;
  if (raw === undefined || raw === null || typeof (raw as ArrayLike<number>).length !== 'number') return null;
  return Array.from(raw as ArrayLike<number>, Number);
}

/** Per sub-env state; undefined when the envs run in other processes. */
export function captureEnvs(venv: VectorEnv): SubEnvState[] | undefined {
  const pending = venv instanceof SyncVectorEnv ? venv.pendingResets : [];
  return localEnvs(venv)?.map((env, i) => ({
    rng: env.unwrapped.npRandom.getState(),
    state: readState(env),
    wrappers: captureWrappers(env),
    pendingReset: pending[i] === true,
  }));
}

/** Whether every sub-env's internals were captured (a checkpoint at an episode start then restores exactly). */
export function envsRestorable(states: SubEnvState[] | undefined): boolean {
  return states !== undefined && states.every((s) => s.rng !== null && s.state !== null);
}

/** Restores `captureEnvs` output after a reset; sub-envs whose physical state was not saved keep the reset one. */
export function restoreEnvs(venv: VectorEnv, states: SubEnvState[] | undefined): void {
  const envs = localEnvs(venv);
  if (!envs || !states || states.length !== envs.length) return;
  envs.forEach((env, i) => {
    const saved = states[i]!;
    if (saved.rng) env.unwrapped.npRandom.setState(saved.rng);
    if (saved.state) (env.unwrapped as unknown as WithState).state = Float64Array.from(saved.state);
  });
}

/**
 * The rest of each sub-env's episode in flight, after `restoreEnvs`: its wrappers' counters and its pending
 * autoreset. A checkpoint that claims an exact mid-episode resume but lacks them, or whose wrapper stack differs,
 * is a CheckpointError naming the sub-env.
 */
export function restoreEpisodes(venv: VectorEnv, states: SubEnvState[] | undefined, source: string): void {
  const envs = localEnvs(venv);
  const damaged = (why: string): CheckpointError =>
    new CheckpointError(`${source}: run.json's envs entry ${why}, so the episodes in flight cannot be restored: the checkpoint is damaged or from another env setup; resume from an older checkpoint.`);
  if (!envs || !states || states.length !== envs.length) throw damaged(`has ${states?.length ?? 0} sub-envs where this run has ${envs?.length ?? 0}`);
  envs.forEach((env, i) => {
    const saved = states[i]!;
    if (!Array.isArray(saved.wrappers) || typeof saved.pendingReset !== 'boolean') throw damaged(`lacks the wrappers' counters of sub-env ${i}`);
    const mismatch = restoreWrappers(env, saved.wrappers);
    if (mismatch) throw damaged(`does not fit sub-env ${i}: ${mismatch}`);
  });
  if (venv instanceof SyncVectorEnv) venv.pendingResets = states.map((s) => s.pendingReset === true);
}
