import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full (major) V8 garbage collection on demand, without `node --expose-gc`.
 *
 * Why: a training step allocates many short-lived JS objects (tensor handles, tape nodes, typed-array views).
 * V8 lets its old space grow towards its heap limit before a major collection, so a long run's RSS creeps up
 * by hundreds of MB of garbage (docs/performance.md, "Memory over a long run"). Collecting every few thousand
 * env steps keeps RSS flat at the cost of a few ms each time.
 */
type GcFunction = () => void;

let gcFunction: GcFunction | undefined;

function resolveGc(): GcFunction {
  const exposed = (globalThis as { gc?: GcFunction }).gc;
  if (typeof exposed === 'function') return exposed;
  // Setting the flag makes V8 install `gc` in contexts created afterwards; take it from a fresh one.
  setFlagsFromString('--expose-gc');
  const fromContext: unknown = runInNewContext('gc');
  if (typeof fromContext !== 'function') throw new Error('full-gc: V8 did not expose gc() after --expose-gc');
  return fromContext as GcFunction;
}

/** Runs a full garbage collection now. */
export function collectGarbage(): void {
  gcFunction ??= resolveGc();
  gcFunction();
}
