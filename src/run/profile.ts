import * as tf from '@tensorflow/tfjs';
import type { Policy } from '../../agents/api.js';

/**
 * Where a training run's wall time goes, and how much memory it holds, as metrics of each log record:
 *   time/env_frac     driver stepping (env step + the policy's inference), over the window since the last record
 *   time/policy_frac  the part of time/env_frac spent in the agent's `policy` (inference only)
 *   time/train_frac   replay sampling + `agent.train`
 *   time/eval_frac    evaluations
 *   time/other_frac   the rest (replay writes, logging, checkpoints): 1 - env - train - eval
 *   sys/rss_mb        the process's resident set size, MiB
 *   sys/num_tensors   live tfjs tensors (`tf.memory().numTensors`): flat in a healthy run
 *   sys/js_heap_mb    V8 heap in use (`heapUsed`), MiB: tells a JS-object leak from the rest of RSS
 *   sys/external_mb   memory V8 tracks outside its heap (`external`: ArrayBuffers, incl. the wasm heap), MiB
 * env + train + eval + other = 1; policy is inside env.
 */

/** The timed phases; they never overlap, except `policy`, which runs inside `env`. */
export type RunPhase = 'env' | 'policy' | 'train' | 'eval';

export const PROFILE_KEYS = {
  env: 'time/env_frac',
  policy: 'time/policy_frac',
  train: 'time/train_frac',
  eval: 'time/eval_frac',
  other: 'time/other_frac',
  rss: 'sys/rss_mb',
  tensors: 'sys/num_tensors',
  jsHeap: 'sys/js_heap_mb',
  external: 'sys/external_mb',
} as const;

const BYTES_PER_MB = 1024 * 1024;

/** Milliseconds, monotonic. */
export type Clock = () => number;

export class RunProfiler {
  private spent: Record<RunPhase, number> = { env: 0, policy: 0, train: 0, eval: 0 };
  private windowStart: number;
  private readonly timedAgents = new WeakMap<Policy, Policy>();

  constructor(private readonly clock: Clock = () => performance.now()) {
    this.windowStart = clock();
  }

  /** Runs `fn`, charging its wall time to `phase`. */
  time<T>(phase: RunPhase, fn: () => T): T {
    const t0 = this.clock();
    try {
      return fn();
    } finally {
      this.spent[phase] += this.clock() - t0;
    }
  }

  /** The same agent with its `policy` calls charged to 'policy' (one wrapper per agent, so identity is stable). */
  timedPolicy<S>(agent: Policy<S>): Policy<S> {
    const key = agent as Policy;
    let timed = this.timedAgents.get(key);
    if (!timed) {
      timed = {
        actionSpec: agent.actionSpec,
        policy: (obs, isFirst, state, mode) => this.time('policy', () => agent.policy(obs, isFirst, state as S | undefined, mode)),
        disposeState: (state) => agent.disposeState(state as S),
      };
      this.timedAgents.set(key, timed);
    }
    return timed as Policy<S>;
  }

  /** The time fractions of the window since the last call (then a new window starts), RSS and live tensors. */
  take(): Record<string, number> {
    const now = this.clock();
    const total = now - this.windowStart;
    const frac = (ms: number): number => (total > 0 ? Math.min(1, ms / total) : 0);
    const { env, policy, train, eval: evalMs } = this.spent;
    const measured = frac(env) + frac(train) + frac(evalMs);
    const out = {
      [PROFILE_KEYS.env]: frac(env),
      [PROFILE_KEYS.policy]: frac(policy),
      [PROFILE_KEYS.train]: frac(train),
      [PROFILE_KEYS.eval]: frac(evalMs),
      [PROFILE_KEYS.other]: total > 0 ? Math.max(0, 1 - measured) : 0,
      ...memoryMetrics(),
    };
    this.spent = { env: 0, policy: 0, train: 0, eval: 0 };
    this.windowStart = now;
    return out;
  }
}

/** The `sys/*` metrics now. */
export function memoryMetrics(): Record<string, number> {
  const { rss, heapUsed, external } = process.memoryUsage();
  return {
    [PROFILE_KEYS.rss]: rss / BYTES_PER_MB,
    [PROFILE_KEYS.tensors]: tf.memory().numTensors,
    [PROFILE_KEYS.jsHeap]: heapUsed / BYTES_PER_MB,
    [PROFILE_KEYS.external]: external / BYTES_PER_MB,
  };
}
