/**
 * The main thread's end of one worker: send a command, then wait for its reply synchronously. The worker
 * bumps a shared counter after each reply; we sleep on it with Atomics.wait and read the reply with
 * receiveMessageOnPort, so no event-loop turn is needed (the vector env's API stays synchronous).
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { VectorEnvError, VectorWorkerError } from '../../util/errors.js';
import type { WorkerCommand, WorkerInit, WorkerReply } from './worker-protocol.js';

/** Atomics.wait slice: short enough to notice a timeout promptly. */
const WAIT_SLICE_MS = 200;

export interface WorkerHandleOptions {
  /** Give up waiting for a reply after this long (default: wait as long as it takes). */
  timeoutMs?: number;
}

export class WorkerHandle {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  /** Replies received so far; the counter in `signal` is the number sent. */
  private received = 0;
  private pending: string[] = [];
  closed = false;
  private terminated = false;

  constructor(
    readonly index: number,
    init: Omit<WorkerInit, 'signal' | 'replyPort' | 'index'>,
    spawn: (workerData: WorkerInit, transferList: MessagePort[]) => Worker,
    private readonly opts: WorkerHandleOptions = {},
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.signal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    this.pending.push('construct');
    this.worker = spawn({ ...init, index, signal: this.signal, replyPort: port2 }, [port2]);
    // The env's API is synchronous, so nothing waits on these handles: let the process exit without close().
    this.worker.unref();
  }

  send(cmd: WorkerCommand): void {
    if (this.closed) throw new VectorEnvError(`sub-env ${this.index}: its worker is closed or has exited; create a new vector env.`);
    // A typed-array view would clone its whole underlying buffer: send just its elements.
    const message = cmd.type === 'step' && ArrayBuffer.isView(cmd.action) ? { ...cmd, action: (cmd.action as Float64Array).slice() } : cmd;
    this.worker.postMessage(message);
    this.pending.push(cmd.type);
  }

  /** Waits for the reply to the oldest command sent; a worker error becomes a VectorWorkerError. */
  receive(timeoutMs = this.opts.timeoutMs): WorkerReply {
    const command = this.pending.shift() ?? 'unknown';
    if (this.terminated) throw new VectorEnvError(`sub-env ${this.index}: its worker was stopped; create a new vector env.`);
    const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    for (;;) {
      const message = receiveMessageOnPort(this.port) as { message: WorkerReply } | undefined;
      if (message !== undefined) {
        this.received += 1;
        const reply = message.message;
        if (reply.type === 'error') {
          // An error outside a command (uncaught exception, thread exit) leaves the worker unusable.
          if (reply.command === 'worker') this.terminate();
          throw new VectorWorkerError(this.index, command === 'unknown' ? reply.command : command, reply.name, reply.message, reply.stack);
        }
        return reply;
      }
      if (Date.now() > deadline) {
        // Its late reply would answer the next command: stop the worker instead.
        this.terminate();
        throw new VectorWorkerError(this.index, command, 'TimeoutError', `no reply within ${timeoutMs} ms`);
      }
      // Returns at once if the worker already replied (counter != received), else sleeps until it does.
      Atomics.wait(this.signal, 0, this.received, WAIT_SLICE_MS);
    }
  }

  /** Asks the worker to close its env (a worker that does not answer within `graceMs` is just stopped). */
  close(graceMs: number): void {
    if (this.closed) return;
    try {
      this.send({ type: 'close' });
      this.receive(graceMs);
    } catch (e) {
      if (!(e instanceof VectorWorkerError && e.causeName === 'TimeoutError')) throw e;
    } finally {
      this.terminate();
    }
  }

  /** Stops the thread at once; the handle refuses further commands. */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}
