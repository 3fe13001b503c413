import type { AutoresetMode, EnvMetadata } from '../env.js';
import { batchSpace } from '../spaces/batch.js';
import { spaceFromJSON } from '../spaces/json.js';
import type { Space } from '../spaces/space.js';
import { VectorEnvError } from '../../util/errors.js';
import { StepBuffers } from './step-buffers.js';
import { addInfo, type VectorInfo } from './infos.js';
import { spawnWorker } from './spawn-worker.js';
import { WorkerHandle } from './worker-handle.js';
import type { EnvSource, WorkerReply } from './worker-protocol.js';
import {
  VectorEnv,
  checkAutoresetMode,
  seedsFor,
  splitResetMask,
  type VectorResetOptions,
  type VectorResetResult,
  type VectorStepResult,
} from './vector-env.js';

export interface AsyncVectorEnvOptions {
  autoresetMode?: AutoresetMode;
  /** true (default): results are fresh copies; false: the same buffers every call. */
  copy?: boolean;
  /** Fail a call whose worker does not answer within this many ms (default: wait as long as it takes). */
  timeoutMs?: number;
  /** Fail the construction when a worker has not built its env within this many ms (default: no limit). */
  startTimeoutMs?: number;
  /** How long close() waits for each worker to close its env before stopping it. */
  closeTimeoutMs?: number;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 5000;

type ReadyReply = Extract<WorkerReply, { type: 'ready' }>;
type StepReply = Extract<WorkerReply, { type: 'step' }>;
type ResetReply = Extract<WorkerReply, { type: 'reset' }>;

/**
 * Gymnasium's `AsyncVectorEnv` on node:worker_threads: one worker per sub-env, each building its env from a
 * serialisable EnvSource (`makeAsync(id, kwargs)`, where id may be `'./file.js:Export'`). `step` sends every
 * action, then waits for all replies, so the sub-envs run in parallel; `stepAsync`/`stepWait` let you overlap
 * other work. The API is synchronous like SyncVectorEnv and gives identical results for the same seeds.
 * An error inside a worker is thrown here as a VectorWorkerError naming the sub-env index.
 */
export class AsyncVectorEnv<BO = unknown, BA = unknown> extends VectorEnv<BO, BA> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly observationSpace: Space<BO>;
  readonly actionSpace: Space<BA>;
  readonly metadata: EnvMetadata & { autoresetMode: AutoresetMode };
  private readonly workers: WorkerHandle[];
  private readonly closeTimeoutMs: number;
  private readonly buffers: StepBuffers<BO>;
  private resetMask: boolean[] | undefined;
  private closed = false;

  constructor(sources: readonly EnvSource[], opts: AsyncVectorEnvOptions = {}) {
    super();
    if (sources.length === 0) throw new VectorEnvError('AsyncVectorEnv needs at least one env source.');
    const autoresetMode = checkAutoresetMode(opts.autoresetMode ?? 'NextStep');
    this.numEnvs = sources.length;
    this.workers = sources.map((source, i) => new WorkerHandle(i, { source, autoresetMode }, spawnWorker, { timeoutMs: opts.timeoutMs }));
    const ready = this.awaitReady(opts.startTimeoutMs);
    this.singleObservationSpace = spaceFromJSON(ready.observationSpace);
    this.singleActionSpace = spaceFromJSON(ready.actionSpace);
    this.observationSpace = batchSpace(this.singleObservationSpace, this.numEnvs) as Space<BO>;
    this.actionSpace = batchSpace(this.singleActionSpace, this.numEnvs) as Space<BA>;
    this.metadata = { ...ready.metadata, autoresetMode };
    this.renderMode = ready.renderMode;
    this.closeTimeoutMs = opts.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    this.buffers = new StepBuffers(this.singleObservationSpace, this.singleActionSpace, this.numEnvs, opts.copy ?? true);
  }

  /** Waits for every worker to build its env; on any failure stops them all and rethrows. */
  private awaitReady(timeoutMs: number | undefined): ReadyReply {
    try {
      const replies = this.workers.map((w) => w.receive(timeoutMs ?? Infinity) as ReadyReply);
      const obsJson = JSON.stringify(replies[0].observationSpace);
      const actJson = JSON.stringify(replies[0].actionSpace);
      replies.forEach((r, i) => {
        if (JSON.stringify(r.observationSpace) !== obsJson || JSON.stringify(r.actionSpace) !== actJson) {
          throw new VectorEnvError(`sub-env ${i} has spaces different from sub-env 0's; all sub-envs of a vector env must have equal spaces.`);
        }
      });
      return replies[0];
    } catch (e) {
      for (const w of this.workers) w.terminate();
      throw e;
    }
  }

  override reset(opts: VectorResetOptions = {}): VectorResetResult<BO> {
    this.resetAsync(opts);
    return this.resetWait();
  }

  /** Sends the reset commands (sub-env i gets seed + i); collect the result with resetWait(). */
  resetAsync(opts: VectorResetOptions = {}): void {
    const seeds = seedsFor(opts.seed, this.numEnvs);
    const { mask, options } = splitResetMask(opts.options, this.numEnvs);
    this.resetMask = mask;
    this.checkAlive();
    this.workers.forEach((w, i) => {
      if (mask === undefined || mask[i]) w.send({ type: 'reset', seed: seeds[i], options });
    });
  }

  resetWait(): VectorResetResult<BO> {
    const infos: VectorInfo = {};
    this.collect((i) => {
      if (this.resetMask !== undefined && !this.resetMask[i]) return;
      const r = this.workers[i].receive() as ResetReply;
      this.buffers.writeReset(i, r.obs);
      addInfo(infos, r.info, i, this.numEnvs);
    });
    return { obs: this.buffers.obs(), infos };
  }

  override step(actions: BA): VectorStepResult<BO> {
    this.stepAsync(actions);
    return this.stepWait();
  }

  /** Sends each sub-env its action; the workers step in parallel until stepWait(). */
  stepAsync(actions: BA): void {
    this.checkAlive();
    // Split the batch first: a bad batch must fail before any worker has a command to answer.
    const perEnv = this.workers.map((_, i) => this.buffers.readAction(actions, i));
    this.workers.forEach((w, i) => w.send({ type: 'step', action: perEnv[i] }));
  }

  stepWait(): VectorStepResult<BO> {
    const infos: VectorInfo = {};
    this.collect((i) => {
      const r = this.workers[i].receive() as StepReply;
      this.buffers.writeStep(i, r);
      addInfo(infos, r.info, i, this.numEnvs);
    });
    return this.buffers.stepResult(infos);
  }

  /** Calls method `name` (or reads the property) on every sub-env; values come back structured-cloned. */
  call(name: string, ...args: unknown[]): unknown[] {
    this.checkAlive();
    this.workers.forEach((w) => w.send({ type: 'call', name, args }));
    const values: unknown[] = [];
    this.collect((i) => values.push((this.workers[i].receive() as Extract<WorkerReply, { type: 'call' }>).value));
    return values;
  }

  /** Every sub-env's render() (frames come back structured-cloned). */
  render(): unknown[] {
    return this.call('render');
  }

  /** Closes every sub-env and stops the workers; safe to call twice. */
  override close(): void {
    if (this.closed) return;
    this.closed = true;
    this.collect((i) => this.workers[i].close(this.closeTimeoutMs));
  }

  /** Throws before anything is sent when a worker is gone, so no command is left without its reply. */
  private checkAlive(): void {
    const dead = this.workers.findIndex((w) => w.closed);
    if (dead >= 0) {
      const what = this.closed ? 'the vector env is closed' : `the worker of sub-env ${dead} has exited`;
      throw new VectorEnvError(`AsyncVectorEnv: ${what}; create a new vector env.`);
    }
  }

  /**
   * Runs `receiveOne` for every sub-env even when one fails, so no reply is left unread for the next call,
   * then throws the first error.
   */
  private collect(receiveOne: (i: number) => void): void {
    let first: unknown;
    for (let i = 0; i < this.numEnvs; i++) {
      try {
        receiveOne(i);
      } catch (e) {
        first ??= e;
      }
    }
    if (first !== undefined) throw first;
  }
}
