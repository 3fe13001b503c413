import { RegistryError } from '../util/errors.js';
import { closestMatches } from './did-you-mean.js';
import { envId, parseEnvId, type EntryPoint, type EnvSpec, type RegisterOptions } from './spec.js';
import { warnOnce } from './warn-once.js';

// One registry per process, even when a user's module loads its own copy of this file (another install of
// dreamer-ts, or TypeScript loaded through tsx): registering from there must reach the same map.
const REGISTRY_KEY = Symbol.for('dreamer-ts.env-registry');
const globalStore = globalThis as { [REGISTRY_KEY]?: Map<string, EnvSpec> };

/** Every registered env, by id (Gymnasium's `gymnasium.envs.registry`). */
export const registry: Map<string, EnvSpec> = (globalStore[REGISTRY_KEY] ??= new Map<string, EnvSpec>());

/**
 * Registers an env id (Gymnasium's `register`). `entryPoint` is an Env class (built as `new Cls(kwargs)`),
 * a factory `(kwargs) => env`, or a string `'./file.js:Export'` / `'module:Export'` loaded by `makeAsync`.
 * Re-registering an id replaces it with a warning, as in Gymnasium, unless it is the same registration again (the
 * same entry point and options, e.g. the built-ins registered by a second copy of this package that a user's .ts
 * env loads through tsx): that is a no-op which keeps the first entry.
 */
export function register(id: string, entryPoint: EntryPoint, opts: RegisterOptions = {}): EnvSpec {
  const parsed = parseEnvId(id);
  if (!parsed) {
    throw new RegistryError(`Malformed env id "${id}"; ids look like "Name-v0" or "namespace/Name-v0" (letters, digits, _ . : -).`);
  }
  if (typeof entryPoint !== 'function' && typeof entryPoint !== 'string') {
    throw new RegistryError(`register("${id}"): the entry point must be an Env class, a factory function or a "./file.js:Export" string.`);
  }
  if (opts.maxEpisodeSteps !== undefined && !(Number.isInteger(opts.maxEpisodeSteps) && opts.maxEpisodeSteps > 0)) {
    throw new RegistryError(`register("${id}"): maxEpisodeSteps must be a positive integer, got ${opts.maxEpisodeSteps}.`);
  }
  checkVersionConflict(parsed.namespace, parsed.name, parsed.version, id);
  const existing = registry.get(id);
  if (existing && sameRegistration(existing, entryPoint, opts)) return existing;
  if (existing) warnOnce(`Overriding environment ${id} already in registry.`);
  const spec: EnvSpec = {
    id,
    ...parsed,
    entryPoint,
    maxEpisodeSteps: opts.maxEpisodeSteps,
    rewardThreshold: opts.rewardThreshold,
    kwargs: { ...(opts.kwargs ?? {}) },
    disableEnvChecker: opts.disableEnvChecker ?? false,
    orderEnforce: opts.orderEnforce ?? true,
    nondeterministic: opts.nondeterministic ?? false,
    vectorEntryPoint: opts.vectorEntryPoint,
  };
  registry.set(id, spec);
  return spec;
}

/** The spec would not change: same entry point (see sameEntryPoint) and the same options. */
function sameRegistration(spec: EnvSpec, entryPoint: EntryPoint, opts: RegisterOptions): boolean {
  return (
    sameEntryPoint(spec.entryPoint, entryPoint) &&
    sameEntryPoint(spec.vectorEntryPoint, opts.vectorEntryPoint) &&
    spec.maxEpisodeSteps === opts.maxEpisodeSteps &&
    spec.rewardThreshold === opts.rewardThreshold &&
    JSON.stringify(spec.kwargs) === JSON.stringify(opts.kwargs ?? {}) &&
    spec.disableEnvChecker === (opts.disableEnvChecker ?? false) &&
    spec.orderEnforce === (opts.orderEnforce ?? true) &&
    spec.nondeterministic === (opts.nondeterministic ?? false)
  );
}

/**
 * The same object, or the same class or function loaded twice: a module evaluated once more (another module
 * instance of the same file) gives a new object with the same name and the same source text.
 */
function sameEntryPoint(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'function' || typeof b !== 'function') return false;
  return a.name === b.name && Function.prototype.toString.call(a) === Function.prototype.toString.call(b);
}

/** Gymnasium refuses "Name" next to "Name-v0" (make("Name") must mean one thing). */
function checkVersionConflict(ns: string | undefined, name: string, version: number | undefined, id: string): void {
  const versions = versionsOf(ns, name);
  if (version !== undefined && versions.includes(undefined)) {
    throw new RegistryError(`Can't register the versioned environment \`${id}\` when the unversioned \`${envId(ns, name, undefined)}\` exists.`);
  }
  const latest = latestVersion(ns, name);
  if (version === undefined && latest !== undefined) {
    throw new RegistryError(
      `Can't register the unversioned environment \`${id}\` when \`${envId(ns, name, latest)}\` exists; make("${name}") already means the latest version.`,
    );
  }
}

/** The registered versions of namespace/name (undefined = the unversioned id). */
export function versionsOf(ns: string | undefined, name: string): (number | undefined)[] {
  return [...registry.values()].filter((s) => s.namespace === ns && s.name === name).map((s) => s.version);
}

function latestVersion(ns: string | undefined, name: string): number | undefined {
  const vs = versionsOf(ns, name).filter((v): v is number => v !== undefined);
  return vs.length === 0 ? undefined : Math.max(...vs);
}

/**
 * Resolves an id to its spec as `gym.make` does: an unversioned id means the latest version (with a warning),
 * an old but registered version warns that it is out of date. Unknown names get "Did you mean"; unknown versions
 * name the versions that exist.
 */
export function findSpec(id: string): EnvSpec {
  const exact = registry.get(id);
  const parsed = parseEnvId(id);
  if (!parsed) throw new RegistryError(`Malformed env id "${id}"; ids look like "Name-v0" or "namespace/Name-v0".`);
  const { namespace: ns, name, version } = parsed;
  const latest = latestVersion(ns, name);
  if (exact) {
    if (version !== undefined && latest !== undefined && latest > version) {
      warnOnce(`The environment ${id} is out of date. You should consider upgrading to version \`v${latest}\`.`);
    }
    return exact;
  }
  if (version === undefined && latest !== undefined) {
    const newId = envId(ns, name, latest);
    warnOnce(`Using the latest versioned environment \`${newId}\` instead of the unversioned environment \`${id}\`.`);
    return registry.get(newId) as EnvSpec;
  }
  throw notFound(ns, name, version, id);
}

function notFound(ns: string | undefined, name: string, version: number | undefined, id: string): RegistryError {
  const versions = versionsOf(ns, name);
  const base = envId(ns, name, undefined);
  if (versions.length === 0) {
    const suggestions = closestMatches(id, registry.keys());
    const hint = suggestions.length > 0 ? ` Did you mean: ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : '';
    return new RegistryError(
      `Environment \`${base}\` doesn't exist.${hint} Run \`dreamer envs\` for the registered ids, or import the module that registers it ("module:${id}").`,
    );
  }
  const available = versions.map((v) => (v === undefined ? '(unversioned)' : `v${v}`)).join(', ');
  const latest = latestVersion(ns, name);
  const state = latest !== undefined && version !== undefined && version < latest ? 'is deprecated' : "doesn't exist";
  const use = latest !== undefined ? ` Use \`${envId(ns, name, latest)}\`.` : ` Use \`${base}\`.`;
  return new RegistryError(`Environment version v${version} for \`${base}\` ${state}; available: ${available}.${use}`);
}

/** Gymnasium's `spec(id)`: the registered spec (same resolution and errors as `make`). */
export function spec(id: string): EnvSpec {
  return findSpec(id);
}

/** Registered ids, sorted (namespace first), for listings. */
export function registeredIds(): string[] {
  return [...registry.keys()].sort((a, b) => a.localeCompare(b));
}
