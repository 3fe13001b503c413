import type { AutoresetMode, Env } from '../env.js';
import { make, makeAsync } from '../make.js';
import { AsyncVectorEnv } from './async-vector-env.js';
import { VectorEnvError } from './errors.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import type { VectorEnv } from './vector-env.js';

export type VectorizationMode = 'sync' | 'async';

/** Options of makeVec; every other key goes to make() for each sub-env (maxEpisodeSteps, renderMode, env kwargs). */
export interface MakeVecOptions {
  numEnvs?: number;
  /** 'sync' (default): one thread; 'async': one worker thread per sub-env. */
  vectorizationMode?: VectorizationMode;
  autoresetMode?: AutoresetMode;
  /** Return fresh copies (default) or the vector env's own buffers. */
  copy?: boolean;
  /** Wrappers applied to each sub-env, in order (sync only: functions cannot be sent to workers). */
  wrappers?: readonly ((env: Env) => Env)[];
  /** async: modules each worker imports before make (e.g. the one that registers your ids). */
  preload?: readonly string[];
  /** async: fail a call whose worker does not answer within this many ms. */
  timeoutMs?: number;
  [kwarg: string]: unknown;
}

const VEC_KEYS = ['numEnvs', 'vectorizationMode', 'autoresetMode', 'copy', 'wrappers', 'preload', 'timeoutMs'] as const;

/**
 * Gymnasium's `make_vec`: `numEnvs` copies of `make(id, kwargs)` in a SyncVectorEnv or an AsyncVectorEnv.
 * For a `'./file.js:Export'` or `'module:EnvId'` id in sync mode use `makeVecAsync` (it imports the code first).
 */
export function makeVec<BO = unknown, BA = unknown>(id: string, opts: MakeVecOptions = {}): VectorEnv<BO, BA> {
  const { numEnvs, mode, kwargs } = parse(id, opts);
  if (mode === 'async') {
    const sources = Array.from({ length: numEnvs }, () => ({ id, kwargs, preload: opts.preload }));
    return new AsyncVectorEnv<BO, BA>(sources, { autoresetMode: opts.autoresetMode, copy: opts.copy, timeoutMs: opts.timeoutMs });
  }
  const wrap = (env: Env): Env => (opts.wrappers ?? []).reduce((e, w) => w(e), env);
  const fns = Array.from({ length: numEnvs }, () => () => wrap(make(id, kwargs)));
  return new SyncVectorEnv<BO, BA>(fns, { autoresetMode: opts.autoresetMode, copy: opts.copy });
}

/** makeVec that first imports a file or module id (like makeAsync), so sync mode works for user envs too. */
export async function makeVecAsync<BO = unknown, BA = unknown>(id: string, opts: MakeVecOptions = {}): Promise<VectorEnv<BO, BA>> {
  const { mode, kwargs } = parse(id, opts);
  if (mode === 'sync') (await makeAsync(id, kwargs)).close();
  return makeVec<BO, BA>(id, opts);
}

function parse(id: string, opts: MakeVecOptions): { numEnvs: number; mode: VectorizationMode; kwargs: Record<string, unknown> } {
  const numEnvs = opts.numEnvs ?? 1;
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new VectorEnvError(`makeVec numEnvs must be a positive integer, got ${numEnvs}.`);
  const mode = opts.vectorizationMode ?? 'sync';
  if (mode !== 'sync' && mode !== 'async') {
    throw new VectorEnvError(`makeVec vectorizationMode must be 'sync' or 'async', got ${String(mode)}.`);
  }
  if (mode === 'async' && opts.wrappers !== undefined) {
    throw new VectorEnvError(
      `makeVec("${id}"): wrappers are functions and cannot be sent to worker threads; export a factory that wraps ` +
        "the env and use its id './file.js:Factory', or use vectorizationMode 'sync'.",
    );
  }
  const kwargs = Object.fromEntries(Object.entries(opts).filter(([k]) => !(VEC_KEYS as readonly string[]).includes(k)));
  return { numEnvs, mode, kwargs };
}
