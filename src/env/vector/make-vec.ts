import type { AutoresetMode, Env } from '../env.js';
import { make, makeAsync } from '../make.js';
import { registry } from '../registry.js';
import { AsyncVectorEnv } from './async-vector-env.js';
import { VectorEnvError } from '../../util/errors.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import { VectorEnv } from './vector-env.js';
import type { WorkerWrapperSpec } from './worker-wrappers.js';

/** 'vectorEntryPoint' builds the id's own batched implementation (Gymnasium's `vector_entry_point`). */
export type VectorizationMode = 'sync' | 'async' | 'vectorEntryPoint';

type VectorCreator = (new (kwargs: Record<string, unknown>) => VectorEnv) | ((kwargs: Record<string, unknown>) => VectorEnv);

/** Options of makeVec; every other key goes to make() for each sub-env (maxEpisodeSteps, renderMode, env kwargs). */
export interface MakeVecOptions {
  numEnvs?: number;
  /**
   * 'sync': one thread; 'async': one worker thread per sub-env; 'vectorEntryPoint': the registered batched
   * implementation. Default, as Gymnasium: 'vectorEntryPoint' when the id has one (CartPole-v1), else 'sync'.
   */
  vectorizationMode?: VectorizationMode;
  autoresetMode?: AutoresetMode;
  /** Return fresh copies (default) or the vector env's own buffers. */
  copy?: boolean;
  /** Wrappers applied to each sub-env, in order (sync only: functions cannot be sent to workers). */
  wrappers?: readonly ((env: Env) => Env)[];
  /** async: wrappers named by data that each worker applies, in order (./worker-wrappers.ts). */
  workerWrappers?: readonly WorkerWrapperSpec[];
  /** async: modules each worker imports before make (e.g. the one that registers your ids). */
  preload?: readonly string[];
  /** async: fail a call whose worker does not answer within this many ms. */
  timeoutMs?: number;
  [kwarg: string]: unknown;
}

const VEC_KEYS = ['numEnvs', 'vectorizationMode', 'autoresetMode', 'copy', 'wrappers', 'workerWrappers', 'preload', 'timeoutMs'] as const;

/**
 * Gymnasium's `make_vec`: `numEnvs` copies of `make(id, kwargs)` in a SyncVectorEnv or an AsyncVectorEnv, or the
 * id's registered vector entry point. For a `'./file.js:Export'` or `'module:EnvId'` id in sync mode use
 * `makeVecAsync` (it imports the code first).
 */
export function makeVec<BO = unknown, BA = unknown>(id: string, opts: MakeVecOptions = {}): VectorEnv<BO, BA> {
  const { numEnvs, mode, kwargs } = parse(id, opts);
  if (mode === 'vectorEntryPoint') return buildVectorEntryPoint(id, numEnvs, opts, kwargs) as VectorEnv<BO, BA>;
  if (mode === 'async') {
    const sources = Array.from({ length: numEnvs }, () => ({ id, kwargs, preload: opts.preload, wrappers: opts.workerWrappers }));
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

/** Gymnasium passes the spec's kwargs and the episode limit to the batched implementation along with numEnvs. */
function buildVectorEntryPoint(id: string, numEnvs: number, opts: MakeVecOptions, kwargs: Record<string, unknown>): VectorEnv {
  const spec = registry.get(id);
  const creator = spec?.vectorEntryPoint as VectorCreator | undefined;
  if (spec === undefined || typeof creator !== 'function') {
    throw new VectorEnvError(`makeVec("${id}"): the id has no vector entry point; use vectorizationMode 'sync' or 'async'.`);
  }
  if (opts.wrappers !== undefined || (opts.autoresetMode !== undefined && opts.autoresetMode !== 'NextStep')) {
    throw new VectorEnvError(
      `makeVec("${id}"): the vector entry point takes neither wrappers nor autoresetMode '${String(opts.autoresetMode)}'; ` +
        "use vectorizationMode 'sync' for them.",
    );
  }
  const args = { ...spec.kwargs, maxEpisodeSteps: spec.maxEpisodeSteps, ...kwargs, numEnvs };
  return creator.prototype instanceof VectorEnv
    ? new (creator as new (kwargs: Record<string, unknown>) => VectorEnv)(args)
    : (creator as (kwargs: Record<string, unknown>) => VectorEnv)(args);
}

const MODES: readonly VectorizationMode[] = ['sync', 'async', 'vectorEntryPoint'];

function parse(id: string, opts: MakeVecOptions): { numEnvs: number; mode: VectorizationMode; kwargs: Record<string, unknown> } {
  const numEnvs = opts.numEnvs ?? 1;
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new VectorEnvError(`makeVec numEnvs must be a positive integer, got ${numEnvs}.`);
  const mode = opts.vectorizationMode ?? (registry.get(id)?.vectorEntryPoint !== undefined ? 'vectorEntryPoint' : 'sync');
  if (!MODES.includes(mode)) {
    throw new VectorEnvError(`makeVec vectorizationMode must be 'sync', 'async' or 'vectorEntryPoint', got ${String(mode)}.`);
  }
  if (mode === 'async' && opts.wrappers !== undefined) {
    throw new VectorEnvError(
      `makeVec("${id}"): wrappers are functions and cannot be sent to worker threads; export a factory that wraps ` +
        "the env and use its id './file.js:Factory', or use vectorizationMode 'sync'.",
    );
  }
  if (mode !== 'async' && opts.workerWrappers !== undefined) {
    throw new VectorEnvError(`makeVec("${id}"): workerWrappers are for vectorizationMode 'async'; in-process sub-envs take wrapper functions (wrappers).`);
  }
  const kwargs = Object.fromEntries(Object.entries(opts).filter(([k]) => !(VEC_KEYS as readonly string[]).includes(k)));
  return { numEnvs, mode, kwargs };
}
