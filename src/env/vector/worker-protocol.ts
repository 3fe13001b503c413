/**
 * Messages between an AsyncVectorEnv and its workers. Commands go to the worker on its parent port; every
 * command gets exactly one reply on a dedicated MessagePort, after which the worker bumps a shared counter and
 * notifies it, so the main thread can wait synchronously (Atomics.wait + receiveMessageOnPort).
 */
import type { AutoresetMode, EnvMetadata, Info, RenderMode } from '../env.js';
import type { SpaceJSON } from '../spaces/space.js';
import type { MessagePort } from 'node:worker_threads';

/** How a worker builds its env: `makeAsync(id, kwargs)` after importing `preload` (e.g. a module that registers ids). */import type { WorkerWrapperSpec } from './worker-wrappers.js';

export interface EnvSource {
  /** A registered id, `'./file.js:Export'` (relative to the current directory) or `'module:EnvId-v0'`. */
  id: string;
  /** make() options and env kwargs; must be structured-cloneable. */
  kwargs?: Record<string, unknown>;
  /** Modules (paths or package names) the worker imports first, e.g. the module that calls register(). */
  preload?: readonly string[];
  /** Wrappers applied over the env `make` built, in order (./worker-wrappers.ts). */
  wrappers?: readonly WorkerWrapperSpec[];
}

export interface WorkerInit {
  source: EnvSource;
  /**
   * Modules that registered env ids in the main thread (file URLs or package names, see worker-modules.ts), set
   * by spawnWorker; imported before `source.preload` when the id is not a file.
   */
  registrations?: readonly string[];
  index: number;
  autoresetMode: AutoresetMode;
  /** Int32Array over a SharedArrayBuffer: [replies sent]. */
  signal: Int32Array;
  replyPort: MessagePort;
}

export type WorkerCommand =
  | { type: 'reset'; seed: number | undefined; options: Record<string, unknown> | undefined }
  | { type: 'step'; action: unknown }
  | { type: 'call'; name: string; args: unknown[] }
  | { type: 'close' };

export type WorkerReply =
  | { type: 'ready'; observationSpace: SpaceJSON; actionSpace: SpaceJSON; metadata: EnvMetadata; renderMode: RenderMode | undefined }
  | { type: 'reset'; obs: unknown; info: Info }
  | { type: 'step'; obs: unknown; reward: number; terminated: boolean; truncated: boolean; info: Info }
  | { type: 'call'; value: unknown }
  | { type: 'closed' }
  | { type: 'error'; command: string; name: string; message: string; stack: string | undefined };
