import { parentPort, workerData } from 'node:worker_threads';
import { benchDmc } from './env-dmc.js';
import { benchSingle, benchVector } from './env.js';

/**
 * One env-bench measurement in a fresh worker (its own V8 isolate), so that the JIT state left by the previous
 * env (shared wrapper code turning polymorphic) does not slow the next one, as separate Python runs would not.
 */
const { id, mode, seconds } = workerData as { id: string; mode: 'single' | 'vector8' | 'dmc'; seconds: number };
const result = mode === 'dmc' ? await benchDmc(id, seconds) : mode === 'single' ? benchSingle(id, seconds) : benchVector(id, seconds);
parentPort?.postMessage(result);
