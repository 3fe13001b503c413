import type { EnvLike, EnvSpecLike } from './env.js';

/** Env constructor options: camelCase kwargs such as `{ renderMode, suttonBartoReward }`. */
export type EnvKwargs = Record<string, unknown>;

/** An env class (extending `Env` or not: see EnvLike); `make` constructs it as `new Cls(kwargs)`. */
export type EnvClass = new (kwargs: EnvKwargs) => EnvLike<unknown, unknown>;
/** A factory; `make` calls it as `factory(kwargs)`. */
export type EnvFactory = (kwargs: EnvKwargs) => EnvLike<unknown, unknown>;
/**
 * What `register` accepts as the thing that builds the env: a class, a factory, or a string
 * `'./path/file.js:ExportName'` / `'some-module:ExportName'` that `makeAsync` imports on first use.
 */
export type EntryPoint = EnvClass | EnvFactory | string;

export interface RegisterOptions {
  /** Adds TimeLimit(maxEpisodeSteps) in `make`. */
  maxEpisodeSteps?: number;
  /** The return at which the task counts as solved (informational). */
  rewardThreshold?: number;
  /** Default constructor kwargs; `make(id, kwargs)` overrides them key by key. */
  kwargs?: EnvKwargs;
  /** Leaves PassiveEnvChecker out of `make`'s stack. */
  disableEnvChecker?: boolean;
  /** Adds OrderEnforcing in `make` (default true). */
  orderEnforce?: boolean;
  /** The env is not deterministic given a seed (informational, as Gymnasium). */
  nondeterministic?: boolean;
  /** A batched implementation for vector envs (Gymnasium's `vector_entry_point`), used by the vector module. */
  vectorEntryPoint?: unknown;
}

/** Gymnasium's `EnvSpec`: everything `make` needs to rebuild an env with its wrapper stack. */
export interface EnvSpec extends EnvSpecLike {
  id: string;
  namespace: string | undefined;
  name: string;
  version: number | undefined;
  entryPoint: EntryPoint;
  maxEpisodeSteps: number | undefined;
  rewardThreshold: number | undefined;
  kwargs: EnvKwargs;
  disableEnvChecker: boolean;
  orderEnforce: boolean;
  nondeterministic: boolean;
  vectorEntryPoint: unknown;
}

// Gymnasium's env id grammar: [namespace/](name)[-v(version)].
const ENV_ID_RE = /^(?:([\w:-]+)\/)?([\w:.-]+?)(?:-v(\d+))?$/;

export interface ParsedEnvId {
  namespace: string | undefined;
  name: string;
  version: number | undefined;
}

/** Splits `ns/Name-v3` into its parts; returns undefined for an id that breaks the grammar. */
export function parseEnvId(id: string): ParsedEnvId | undefined {
  const m = ENV_ID_RE.exec(id);
  if (!m) return undefined;
  return { namespace: m[1], name: m[2], version: m[3] === undefined ? undefined : Number(m[3]) };
}

export function envId(namespace: string | undefined, name: string, version: number | undefined): string {
  return `${namespace === undefined ? '' : `${namespace}/`}${name}${version === undefined ? '' : `-v${version}`}`;
}

/** A readable name for an entry point (class or function name, or the string). */
export function entryPointName(entryPoint: EntryPoint): string {
  return typeof entryPoint === 'string' ? entryPoint : entryPoint.name || '(anonymous)';
}
