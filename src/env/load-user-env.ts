import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RegistryError } from '../util/errors.js';

/**
 * Loading a user's env code. `'./dir/file.js:ExportName'` (or `.ts`, `.mjs`, an absolute path) names an export of
 * a file, resolved against the current directory; `'some-module:EnvId-v0'` names a module whose import registers
 * EnvId-v0 (Gymnasium's "module:EnvId" form). Both need `import()`, which is asynchronous: `makeAsync` uses this.
 */
export type UserEnvRef =
  | { kind: 'file'; file: string; exportName: string }
  | { kind: 'module'; module: string; envId: string };

const SOURCE_FILE_RE = /\.(?:[cm]?js|[cm]?ts|tsx)$/;
const TYPESCRIPT_FILE_RE = /\.(?:[cm]?ts|tsx)$/;

/** Recognises the file and module forms; undefined for a plain registry id. */
export function parseUserEnvRef(id: string): UserEnvRef | undefined {
  const colon = id.lastIndexOf(':');
  if (colon <= 0 || colon === id.length - 1) return undefined;
  const target = id.slice(0, colon);
  const name = id.slice(colon + 1);
  const looksLikeFile = target.startsWith('.') || path.isAbsolute(target) || SOURCE_FILE_RE.test(target);
  return looksLikeFile ? { kind: 'file', file: target, exportName: name } : { kind: 'module', module: target, envId: name };
}

/** Imports a user's file (TypeScript through tsx's `tsImport`); throws a RegistryError naming the fix. */
export async function importUserFile(file: string, cwd: string = process.cwd()): Promise<Record<string, unknown>> {
  const abs = path.resolve(cwd, file);
  if (!existsSync(abs)) {
    throw new RegistryError(`Cannot load env file "${file}": ${abs} does not exist. Give a path relative to the current directory, e.g. ./envs/my-env.js:MyEnv.`);
  }
  const url = pathToFileURL(abs).href;
  try {
    if (TYPESCRIPT_FILE_RE.test(abs)) return await importTypeScriptOnce(url);
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof RegistryError) throw e;
    throw new RegistryError(`Loading env file ${abs} failed: ${(e as Error).message}. Fix the error in that file (try: node ${file}).`);
  }
}

/**
 * TypeScript files imported so far, by URL. `tsImport` evaluates a file afresh on every call (its own module
 * namespace), unlike `import()`: without this, each DMC id's first `makeAsync` would evaluate envs/dmc/entry.ts
 * and every model again (about a second each). A failed import is not kept, so a fixed file loads next time.
 */
const typeScriptModules = new Map<string, Promise<Record<string, unknown>>>();

function importTypeScriptOnce(url: string): Promise<Record<string, unknown>> {
  let loading = typeScriptModules.get(url);
  if (loading === undefined) {
    loading = importTypeScript(url);
    typeScriptModules.set(url, loading);
    loading.catch(() => typeScriptModules.delete(url));
  }
  return loading;
}

async function importTypeScript(url: string): Promise<Record<string, unknown>> {
  let tsImport: (specifier: string, parent: string) => Promise<unknown>;
  try {
    ({ tsImport } = await import('tsx/esm/api'));
  } catch {
    throw new RegistryError('Loading a .ts env file needs the `tsx` package: run `npm install tsx`, or compile the file to .js.');
  }
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/** Imports a module by name (from this package, else from the current directory's node_modules). */
export async function importUserModule(specifier: string, cwd: string = process.cwd()): Promise<void> {
  try {
    await import(specifier);
    return;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') {
      throw new RegistryError(`Importing module "${specifier}" failed: ${(e as Error).message}.`);
    }
  }
  let resolved: string;
  try {
    resolved = createRequire(path.join(cwd, 'package.json')).resolve(specifier);
  } catch {
    throw new RegistryError(
      `Environment registration via importing a module failed: cannot find module "${specifier}". ` +
        `Install it (npm install ${specifier}) or check the name before the ":" in the env id.`,
    );
  }
  const url = pathToFileURL(resolved).href;
  await (TYPESCRIPT_FILE_RE.test(resolved) ? importTypeScript(url) : import(url));
}
