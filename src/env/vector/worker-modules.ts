/**
 * Modules an async vector env's workers import before they build a registry id's env: a worker starts with an
 * empty env registry, so whatever registered the ids in the main thread must run there too. A module that
 * registers envs adds itself (`addWorkerModule(import.meta.url)`; envs/register.ts does), so src/env never
 * imports a suite of envs. The list lives on globalThis, as the registry does, so two copies of this module agree.
 */
const STORE_KEY = Symbol.for('dreamer-ts.worker-modules');
const store = globalThis as { [STORE_KEY]?: string[] };

/** Adds a module (a file URL or package name) that every worker imports before building a registered id. */
export function addWorkerModule(url: string): void {
  const modules = (store[STORE_KEY] ??= []);
  if (!modules.includes(url)) modules.push(url);
}

/** The modules added so far, in order. */
export function workerModules(): readonly string[] {
  return store[STORE_KEY] ?? [];
}
