import { RegistryError } from '../util/errors.js';
import { closestMatches } from './did-you-mean.js';
import { asEnv, missingEnvMembers } from './adopted-env.js';
import { Env, type RenderMode } from './env.js';
import { importUserFile, importUserModule, parseUserEnvRef } from './load-user-env.js';
import { findSpec, registry } from './registry.js';
import { entryPointName, type EntryPoint, type EnvClass, type EnvFactory, type EnvKwargs, type EnvSpec } from './spec.js';
import { KwargsTracker } from './kwargs-tracker.js';
import { OrderEnforcing } from './wrappers/order-enforcing.js';
import { PassiveEnvChecker } from './wrappers/passive-env-checker.js';
import { RenderCollection } from './wrappers/render-collection.js';
import { TimeLimit } from './wrappers/time-limit.js';
import { warnOnce } from './warn-once.js';

/** Options of `make`; every other key is an env constructor kwarg (camelCase, e.g. `suttonBartoReward`). */
export interface MakeOptions {
  /** Overrides the registered limit; -1 leaves TimeLimit out. */
  maxEpisodeSteps?: number;
  /** 'rgb_array_list' builds the env in 'rgb_array' and adds RenderCollection. */
  renderMode?: RenderMode;
  /** Leaves PassiveEnvChecker out (default: the spec's setting, false). */
  disableEnvChecker?: boolean;
  [kwarg: string]: unknown;
}

type Creator = EnvClass | EnvFactory;
/** String entry points and `./file.js:Export` ids loaded by makeAsync, by their string. */
const loadedEntryPoints = new Map<string, Creator>();

/**
 * Gymnasium's `gym.make`: builds the registered env and wraps it as
 * TimeLimit(OrderEnforcing(PassiveEnvChecker(env))), plus RenderCollection for 'rgb_array_list'.
 * Synchronous, like gym.make, so it needs everything loaded: registered ids with class or factory entry points, and
 * file/module ids that `makeAsync` has loaded before. Use `makeAsync` for `'./file.js:Export'` and `'module:EnvId'`.
 */
export function make<O = unknown, A = unknown>(id: string | EnvSpec, opts: MakeOptions = {}): Env<O, A> {
  const spec = typeof id === 'string' ? resolveSpecSync(id) : id;
  return build(spec, creatorOf(spec), opts) as Env<O, A>;
}

/**
 * `make` that can first import code: `'./path/file.js:ExportName'` (a class or factory; `.ts` through tsx),
 * `'some-module:EnvId-v0'` (importing the module registers the id), or a registered id whose entry point is a
 * `'file:Export'` string. The CLI uses this.
 */
export async function makeAsync<O = unknown, A = unknown>(id: string, opts: MakeOptions = {}): Promise<Env<O, A>> {
  if (!registry.has(id)) {
    const ref = parseUserEnvRef(id);
    if (ref?.kind === 'module') {
      await importUserModule(ref.module);
      return makeAsync(ref.envId, opts);
    }
    if (ref?.kind === 'file' && !loadedEntryPoints.has(id)) await loadFileEntry(id, ref.file, ref.exportName);
  }
  const spec = resolveSpecSync(id);
  if (typeof spec.entryPoint === 'string' && !loadedEntryPoints.has(spec.entryPoint)) {
    const ref = parseUserEnvRef(spec.entryPoint);
    if (ref?.kind !== 'file') {
      throw new RegistryError(`${spec.id}: entry point "${spec.entryPoint}" must look like "./file.js:ExportName".`);
    }
    await loadFileEntry(spec.entryPoint, ref.file, ref.exportName);
  }
  return make<O, A>(spec, opts);
}

/** Imports `file` and records its export `exportName` (or an id the file registered under that name). */
async function loadFileEntry(key: string, file: string, exportName: string): Promise<void> {
  const mod = await importUserFile(file);
  const exported = mod[exportName];
  if (typeof exported === 'function') {
    loadedEntryPoints.set(key, exported as Creator);
    return;
  }
  if (registry.has(exportName)) return;
  const exports = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
  throw new RegistryError(
    `${file} has no export "${exportName}" that is an Env class or factory (functions it exports: ${exports.join(', ') || 'none'}).`,
  );
}

function resolveSpecSync(id: string): EnvSpec {
  if (registry.has(id)) return findSpec(id);
  const ref = parseUserEnvRef(id);
  if (ref?.kind === 'file') {
    const creator = loadedEntryPoints.get(id);
    if (creator) return fileSpec(id, ref.exportName, creator);
    if (registry.has(ref.exportName)) return findSpec(ref.exportName);
    throw new RegistryError(`"${id}" names a file; make() is synchronous and cannot import it. Use \`await makeAsync("${id}")\`.`);
  }
  if (ref?.kind === 'module' && !registry.has(ref.envId)) {
    throw new RegistryError(`"${id}" needs module "${ref.module}" imported first; use \`await makeAsync("${id}")\` or import it yourself.`);
  }
  return findSpec(ref?.kind === 'module' ? ref.envId : id);
}

/** The spec of an env made straight from a file export (no registry entry, no time limit). */
function fileSpec(id: string, name: string, creator: Creator): EnvSpec {
  return {
    id, namespace: undefined, name, version: undefined, entryPoint: creator, maxEpisodeSteps: undefined,
    rewardThreshold: undefined, kwargs: {}, disableEnvChecker: false, orderEnforce: true, nondeterministic: false,
    vectorEntryPoint: undefined,
  };
}

function creatorOf(spec: EnvSpec): Creator {
  const ep: EntryPoint = spec.entryPoint;
  if (typeof ep !== 'string') return ep;
  const loaded = loadedEntryPoints.get(ep);
  if (!loaded) throw new RegistryError(`${spec.id} has the entry point "${ep}", which must be imported: use \`await makeAsync("${spec.id}")\`.`);
  return loaded;
}

function build(spec: EnvSpec, creator: Creator, opts: MakeOptions): Env<unknown, unknown> {
  const { maxEpisodeSteps, renderMode, disableEnvChecker, ...envKwargs } = opts;
  const kwargs: EnvKwargs = { ...spec.kwargs, ...envKwargs };
  let mode = (renderMode ?? kwargs.renderMode) as RenderMode | undefined;
  const collect = mode !== undefined && mode.endsWith('_list') && !staticRenderModes(creator)?.includes(mode);
  if (collect) mode = mode?.slice(0, -'_list'.length) as RenderMode;
  kwargs.renderMode = mode;
  const env = construct(creator, kwargs, spec, Object.keys(envKwargs));
  const modes = env.metadata?.renderModes;
  if (mode !== undefined && Array.isArray(modes) && !modes.includes(mode)) {
    warnOnce(`The environment ${spec.id} is being initialised with renderMode "${mode}" that is not in its renderModes [${modes.join(', ')}].`);
  }
  const limit = maxEpisodeSteps ?? spec.maxEpisodeSteps;
  env.unwrapped.spec = { ...spec, kwargs, maxEpisodeSteps: limit === -1 ? undefined : limit };
  let out: Env<unknown, unknown> = env;
  if (!(disableEnvChecker ?? spec.disableEnvChecker)) out = new PassiveEnvChecker(out);
  if (spec.orderEnforce) out = new OrderEnforcing(out);
  if (limit !== undefined && limit !== -1) out = new TimeLimit(out, limit);
  if (collect) out = new RenderCollection(out);
  return out;
}

/** A class's static `metadata.renderModes`, when it declares one before construction (Gymnasium reads it). */
function staticRenderModes(creator: Creator): string[] | undefined {
  const modes = (creator as { metadata?: { renderModes?: unknown } }).metadata?.renderModes;
  return Array.isArray(modes) ? (modes as string[]) : undefined;
}

function isClass(f: Creator): f is EnvClass {
  return /^class[\s{]/.test(Function.prototype.toString.call(f)) || f.prototype instanceof Env;
}

/**
 * Builds the env and reports kwargs the user passed that its constructor never read (JS ignores unknown
 * options silently, where Python raises a TypeError). Skipped when the env keeps the kwargs object to read later.
 */
function construct(creator: Creator, kwargs: EnvKwargs, spec: EnvSpec, userKeys: string[]): Env<unknown, unknown> {
  const tracker = new KwargsTracker(kwargs);
  const env = isClass(creator) ? new creator(tracker.kwargs) : creator(tracker.kwargs);
  const read = new Set(tracker.read);
  tracker.settle();
  const missing = missingEnvMembers(env);
  if (missing.length > 0) {
    const got = typeof env === 'object' && env !== null ? `an object without ${missing.join(', ')}` : typeof env;
    throw new RegistryError(
      `${spec.id}: the entry point ${entryPointName(creator)} did not return an env (got ${got}). An env needs observationSpace, actionSpace, reset() and step().`,
    );
  }
  const kept = Object.values(env).includes(tracker.kwargs);
  const unread = userKeys.filter((k) => !read.has(k) && kwargs[k] !== undefined);
  if (!kept && unread.length > 0) throw unknownKwargs(spec, creator, unread, read);
  return asEnv(env);
}

function unknownKwargs(spec: EnvSpec, creator: Creator, unread: string[], read: Set<string>): RegistryError {
  const known = [...read].filter((k) => k !== 'renderMode');
  const guesses = unread.flatMap((k) => closestMatches(camelCase(k), known).slice(0, 1));
  const hint = guesses.length > 0 ? ` Did you mean ${guesses.map((k) => `\`${k}\``).join(', ')}?` : '';
  return new RegistryError(
    `${spec.id}: unknown kwarg${unread.length > 1 ? 's' : ''} ${unread.map((k) => `\`${k}\``).join(', ')} for ${entryPointName(creator)};${hint} ` +
      `It reads ${known.length > 0 ? known.map((k) => `\`${k}\``).join(', ') : 'no kwargs'} (kwargs are camelCase, e.g. suttonBartoReward).`,
  );
}

/** `sutton_barto_reward` → `suttonBartoReward` (Gymnasium's kwarg names, written the way this API spells them). */
function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
