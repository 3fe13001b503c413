/**
 * Multi-threaded tfjs wasm in Node. tfjs-backend-wasm 4.22 turns threads off in Node (its feature flag returns
 * false there), and its threaded build starts Emscripten pthread workers from blob: URLs, which Node's
 * worker_threads cannot load. We write the worker script and the module script to a temporary folder and hand
 * their paths out while the backend initialises. Emscripten also caps XNNPACK's pool at half of `os.cpus()`
 * (a 2-core machine gets 1 thread), so during init `os.cpus()` reports enough cores for the requested count.
 * Running pthread workers hold the event loop open; we unref them so a finished program exits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import type { WasmModule } from '../kernels/wasm-heap.js';

const require = createRequire(import.meta.url);
const WASM_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out';
/** The Blob tfjs makes for the pthread worker script has this MIME type; the module script's is text/javascript. */
const WORKER_BLOB_TYPE = 'application/javascript';

/** Paths of the two scripts the threaded build's workers need, written once per process. */
let scripts: { worker: string; main: string } | undefined;

function writeScripts(): { worker: string; main: string } {
  if (scripts) return scripts;
  const dir = mkdtempSync(join(os.tmpdir(), 'dreamer-tfjs-wasm-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true })); // workers have loaded them by then
  const factory = require.resolve(`${WASM_OUT}/tfjs-backend-wasm-threaded-simd.js`);
  const { wasmWorkerContents } = require(`${WASM_OUT}/tfjs-backend-wasm-threaded-simd.worker.js`) as
    { wasmWorkerContents: string };
  const main = join(dir, 'module.js');
  writeFileSync(main, `var WasmBackendModuleThreadedSimd = require(${JSON.stringify(factory)});\n`);
  // Inside the worker, tfjs turns the module Blob into a URL and evals the file at that URL: point it at ours.
  const prelude = `URL.createObjectURL = () => ${JSON.stringify(main)}; URL.revokeObjectURL = () => {};\n`;
  // tfjs escapes newlines the same way before putting the contents in a Blob (they sit inside string literals).
  const worker = join(dir, 'worker.js');
  writeFileSync(worker, prelude + wasmWorkerContents.replace(/\n/g, '\\n'));
  scripts = { worker, main };
  return scripts;
}

/**
 * Run `init` (which must initialise the wasm backend) with the threaded build enabled for `threads` threads.
 * Returns what `init` returns; the process-wide hooks are restored afterwards.
 */
export async function withThreadedWasm<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const { worker } = writeScripts();
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = (obj: Blob): string =>
    obj instanceof Blob && obj.type === WORKER_BLOB_TYPE ? worker : createObjectURL(obj);
  const real = cpus();
  os.cpus = () => Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length]);
  try {
    return await init();
  } finally {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  }
}

/** Let the process exit while XNNPACK's pthread workers wait for work. */
export function unrefWorkers(wasm: WasmModule): void {
  const pool = wasm.PThread;
  for (const w of [...(pool?.runningWorkers ?? []), ...(pool?.unusedWorkers ?? [])]) w.unref();
}
