/**
 * Starts an AsyncVectorEnv worker thread running ./worker-entry. From compiled JavaScript the entry is a plain
 * .js file; when this code itself runs as TypeScript (tests, tsx), the worker loads the .ts entry through
 * tsx's `tsImport`. A failure to load the entry is reported on the reply port like any other worker error.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import type { WorkerInit } from './worker-protocol.js';

const HERE = import.meta.url;

export function spawnWorker(workerData: WorkerInit, transferList: MessagePort[]): Worker {
  if (!HERE.endsWith('.ts')) return new Worker(new URL('./worker-entry.js', HERE), { workerData, transferList });
  const entry = new URL('./worker-entry.ts', HERE).href;
  const code = `
const { workerData } = require('node:worker_threads');
import(${JSON.stringify(tsxApiSpecifier())})
  .then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(HERE)}))
  .catch((e) => {
    workerData.replyPort.postMessage({ type: 'error', command: 'construct', name: e.name, message: e.message, stack: e.stack });
    Atomics.add(workerData.signal, 0, 1);
    Atomics.notify(workerData.signal, 0);
  });`;
  return new Worker(code, { eval: true, workerData, transferList });
}

/** tsx's ESM API as an absolute URL when resolvable from here, else the bare name (resolved from the cwd). */
function tsxApiSpecifier(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return 'tsx/esm/api';
  }
}
