/**
 * Starts an AsyncVectorEnv worker thread running ./worker-entry. From compiled JavaScript the entry is the
 * plain .js file next to this one. When this code runs as TypeScript (tests, tsx), the .ts entry is bundled
 * once per process with esbuild (tsx's own compiler) into node_modules/.cache, so each worker starts from plain
 * JavaScript instead of compiling the module graph again; without esbuild it falls back to tsx's `tsImport`.
 * The worker also imports the modules that registered env ids here (worker-modules.ts); from the .ts sources each
 * is bundled the same way. A failure to load the entry is reported on the reply port like any other worker error.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type MessagePort } from 'node:worker_threads';
import { workerModules } from './worker-modules.js';
import type { WorkerInit } from './worker-protocol.js';

const HERE = import.meta.url;
/** From src/env/vector/ up to the package root (only used when running from the .ts sources). */
const PACKAGE_ROOT_FROM_HERE = '../../../';

const HASH_CHARS = 16;

/** The part of esbuild's API used here. */
interface EsbuildSync {
  buildSync(options: Record<string, unknown>): unknown;
}

/** Bundled .ts file -> its bundle (null: esbuild failed), once per process. */
const devBundles = new Map<string, string | null>();

export function spawnWorker(init: WorkerInit, transferList: MessagePort[]): Worker {
  const workerData: WorkerInit = { ...init, registrations: workerModules().map(runnableModule) };
  if (!HERE.endsWith('.ts')) return new Worker(new URL('./worker-entry.js', HERE), { workerData, transferList });
  const bundle = bundled(fileURLToPath(new URL('./worker-entry.ts', HERE)), 'async-vector-worker');
  if (bundle !== null) return new Worker(bundle, { workerData, transferList });
  return new Worker(tsImportBootstrap(), { eval: true, workerData, transferList });
}

/**
 * A registration module as the worker can import it: a .ts file bundled to plain JavaScript when possible. In a
 * bundle every module's `import.meta.url` would be the bundle's, so the entry module gets its own URL (`define`)
 * and a module that imports others reading theirs (envs/dmc/register.ts names its ./entry.ts by path) is imported
 * from its source through tsx instead (slower to start, but the paths it registers are right).
 */
function runnableModule(mod: string): string {
  if (!mod.startsWith('file:') || !mod.endsWith('.ts')) return mod;
  const file = fileURLToPath(mod);
  const bundle = bundled(file, `module-${path.basename(file, '.ts')}`, mod);
  return bundle === null ? mod : pathToFileURL(bundle).href;
}

const IMPORT_META_URL = /\bimport\.meta\.(url|dirname|filename)\b/;

/** Whether a bundled input other than `entry` reads its own location (its bundle would change it). */
function othersReadOwnUrl(inputs: string[], entry: string): boolean {
  return inputs.some((input) => {
    const abs = path.resolve(input);
    return abs !== entry && abs.endsWith('.ts') && IMPORT_META_URL.test(readFileSync(abs, 'utf8'));
  });
}

/**
 * Bundles a .ts file once per process; null when esbuild is unavailable or fails. The file is named by a hash
 * of its content and written by rename, so parallel processes share it safely and nothing piles up.
 */
function bundled(entry: string, name: string, ownUrl?: string): string | null {
  const cached = devBundles.get(entry);
  if (cached !== undefined) return cached;
  const here = fileURLToPath(HERE);
  const cacheDir = path.resolve(path.dirname(here), PACKAGE_ROOT_FROM_HERE, 'node_modules', '.cache', 'dreamer-ts');
  let out: string | null = null;
  try {
    const esbuild = createRequire(HERE)('esbuild') as EsbuildSync;
    const result = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      outfile: path.join(cacheDir, `${name}.mjs`),
      logLevel: 'silent',
      ...(ownUrl === undefined ? {} : { define: { 'import.meta.url': JSON.stringify(ownUrl) }, metafile: true }),
    }) as { outputFiles: { contents: Uint8Array }[]; metafile?: { inputs: Record<string, unknown> } };
    if (result.metafile && othersReadOwnUrl(Object.keys(result.metafile.inputs), entry)) {
      devBundles.set(entry, null);
      return null;
    }
    const code = result.outputFiles[0].contents;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, HASH_CHARS);
    const outfile = path.join(cacheDir, `${name}-${hash}.mjs`);
    if (!existsSync(outfile)) {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${outfile}.${process.pid}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, outfile);
    }
    out = outfile;
  } catch {
    out = null;
  }
  devBundles.set(entry, out);
  return out;
}

/** Worker source that loads the .ts entry through tsx and reports a load failure on the reply port. */
function tsImportBootstrap(): string {
  const entry = new URL('./worker-entry.ts', HERE).href;
  return `
const { workerData } = require('node:worker_threads');
import(${JSON.stringify(tsxApiSpecifier())})
  .then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(HERE)}))
  .catch((e) => {
    workerData.replyPort.postMessage({ type: 'error', command: 'construct', name: e.name, message: e.message, stack: e.stack });
    Atomics.add(workerData.signal, 0, 1);
    Atomics.notify(workerData.signal, 0);
  });`;
}

/** tsx's ESM API as an absolute URL when resolvable from here, else the bare name (resolved from the cwd). */
function tsxApiSpecifier(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return 'tsx/esm/api';
  }
}
