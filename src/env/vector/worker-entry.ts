/**
 * The body of one AsyncVectorEnv worker: builds its env from the EnvSource, then answers commands in order.
 * Every failure is caught and sent back as an 'error' reply, so the main thread never waits forever.
 */
import { fileURLToPath } from 'node:url';
import { workerData, parentPort } from 'node:worker_threads';
import type { Env } from '../env.js';
import { makeAsync } from '../make.js';
import { importUserModule, importUserFile, parseUserEnvRef } from '../load-user-env.js';
import { AutoresettingSubEnv } from './autoreset.js';
import type { WorkerCommand, WorkerInit, WorkerReply } from './worker-protocol.js';
import { applyWorkerWrappers } from './worker-wrappers.js';

const init = workerData as WorkerInit;
let subEnv: AutoresettingSubEnv | undefined;
/** Set once close() was asked for: exiting after that is expected. */
let closing = false;

function reply(message: WorkerReply): void {
  const transfer = transferableObs(message);
  init.replyPort.postMessage(message, transfer);
  Atomics.add(init.signal, 0, 1);
  Atomics.notify(init.signal, 0);
}

/** A typed-array obs is sent as a fresh copy whose buffer is transferred (no second copy on receipt). */
function transferableObs(message: WorkerReply): ArrayBuffer[] {
  if ((message.type === 'step' || message.type === 'reset') && ArrayBuffer.isView(message.obs)) {
    const copy = (message.obs as Float64Array).slice();
    message.obs = copy;
    return [copy.buffer as ArrayBuffer];
  }
  return [];
}

function replyError(command: string, e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  reply({ type: 'error', command, name: err.name, message: err.message, stack: err.stack });
}

async function build(): Promise<Env> {
  // What registered the ids in the main thread (the parent says which modules), only for registry ids.
  if (parseUserEnvRef(init.source.id)?.kind !== 'file') {
    for (const mod of init.registrations ?? []) await importModule(mod);
  }
  for (const mod of init.source.preload ?? []) await importModule(mod);
  return applyWorkerWrappers(await makeAsync(init.source.id, init.source.kwargs ?? {}), init.source.wrappers);
}

/** A path ('./x.js', '/abs/x.ts'), a file URL or a package name; TypeScript files go through tsx. */
async function importModule(mod: string): Promise<void> {
  if (mod.startsWith('file:')) await importUserFile(fileURLToPath(mod));
  else if (mod.startsWith('.') || mod.startsWith('/')) await importUserFile(mod);
  else await importUserModule(mod);
}

function handle(cmd: WorkerCommand): void {
  const env = subEnv as AutoresettingSubEnv;
  switch (cmd.type) {
    case 'reset': {
      const { obs, info } = env.reset({ seed: cmd.seed, ...(cmd.options && { options: cmd.options }) });
      return reply({ type: 'reset', obs, info });
    }
    case 'step':
      return reply({ type: 'step', ...env.step(cmd.action) });
    case 'call': {
      const member = (env.env as unknown as Record<string, unknown>)[cmd.name];
      const value = typeof member === 'function' ? (member as (...a: unknown[]) => unknown).apply(env.env, cmd.args) : member;
      return reply({ type: 'call', value });
    }
    case 'close':
      closing = true;
      env.env.close();
      return reply({ type: 'closed' });
  }
}

process.on('uncaughtException', (e) => replyError('worker', e));
// Env code calling process.exit() ends this thread: say so, or the main thread would wait for a reply forever.
process.on('exit', (code) => {
  if (!closing) replyError('worker', new Error(`the worker thread exited with code ${code} (did the env call process.exit()?)`));
});

build().then(
  (env) => {
    subEnv = new AutoresettingSubEnv(env, init.autoresetMode);
    reply({
      type: 'ready',
      observationSpace: env.observationSpace.toJSON(),
      actionSpace: env.actionSpace.toJSON(),
      metadata: env.metadata,
      renderMode: env.renderMode,
    });
    parentPort?.on('message', (cmd: WorkerCommand) => {
      try {
        handle(cmd);
      } catch (e) {
        replyError(cmd.type, e);
      }
    });
  },
  (e: unknown) => replyError('construct', e),
);
