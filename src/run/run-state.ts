import type { Env } from '../env/env.js';
import type { GeneratorState } from '../env/rng/generator.js';
import { SyncVectorEnv } from '../env/vector/sync-vector-env.js';
import type { VectorEnv } from '../env/vector/vector-env.js';

/**
 * The sub-envs' internals a checkpoint can restore: each sub-env's generator state and, for envs that expose it
 * (the classic-control envs' `unwrapped.state`, the DMC envs' physics and episode model fields), its physical state. Rule for user envs: an env restores exactly
 * when its `unwrapped` has a `state` property that can be read and assigned (array of numbers); otherwise its
 * in-flight episode restarts on resume (its generator still continues where it was).
 */
export interface SubEnvState {
  rng: GeneratorState | null;
  /** `env.unwrapped.state` when the env exposes one */
  state: number[] | null;
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
  return localEnvs(venv)?.map((env) => ({ rng: env.unwrapped.npRandom.getState(), state: readState(env) }));
}

/** Whether every sub-env's internals were captured (a checkpoint at an episode start then restores exactly). */
export function envsRestorable(states: SubEnvState[] | undefined): boolean {
  return states !== undefined && states.every((s) => s.rng !== null && s.state !== null);
}

/**
 * Restores `captureEnvs` output after a reset; sub-envs whose physical state was not saved keep the reset one.
 * `exact` false (a checkpoint not at an episode start): the generators only, since the driver's rows and the
 * wrappers' counters (TimeLimit) are then a fresh episode's, and a restored mid-episode state would not match them.
 */
export function restoreEnvs(venv: VectorEnv, states: SubEnvState[] | undefined, exact = true): void {
  const envs = localEnvs(venv);
  if (!envs || !states || states.length !== envs.length) return;
  envs.forEach((env, i) => {
    const saved = states[i]!;
    if (saved.rng) env.unwrapped.npRandom.setState(saved.rng);
    if (saved.state && exact) (env.unwrapped as unknown as WithState).state = Float64Array.from(saved.state);
  });
}
