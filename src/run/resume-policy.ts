import type { Config } from '../config/index.js';
import { ConfigError } from '../util/errors.js';

/**
 * What `dreamer train --resume RUN key=value` may change: how long the run goes on and how it is watched and
 * kept (run length, evaluation, logging, checkpoints, memory, backend). Everything else shapes what is learned
 * or how the checkpoint's tensors and replay are laid out (env, agent, replay, seed, train ratio, prefill), so it
 * stays as the checkpoint has it. Dotted key prefixes.
 */
export const RESUME_MAY_CHANGE = [
  'run.steps',
  'run.eval_every',
  'run.eval_episodes',
  'run.log_every',
  'run.checkpoint_every',
  'run.keep_checkpoints',
  'run.max_nonfinite_updates',
  'run.gc_every',
  'run.incremental_marking',
  'run.logdir',
  'env.eval_num_envs',
  'log',
  'backend',
  'native_blas',
  'threads',
] as const;

/** Config values by dotted key, e.g. { 'env.id': 'CartPole-v1', 'agent.mlp.units': 512 } (maps are leaves past depth 1). */
function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !prefix.endsWith('kwargs')) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = JSON.stringify(value);
  }
  return out;
}

function mayChange(key: string): boolean {
  return RESUME_MAY_CHANGE.some((p) => key === p || key.startsWith(`${p}.`));
}

/**
 * Refuses a resumed config that changes a key the checkpoint fixes (see RESUME_MAY_CHANGE), naming each change
 * and the fix. Keys only one side has (a checkpoint from another version of dreamer-ts) are not compared.
 */
export function checkResumeConfig(saved: Config, next: Config, checkpointPath: string): void {
  const [a, b] = [flatten(saved), flatten(next)];
  const changed = Object.keys(b).filter((k) => k in a && a[k] !== b[k] && !mayChange(k));
  if (changed.length === 0) return;
  const list = changed.map((k) => `${k}: ${a[k]} -> ${b[k]}`).join('; ');
  throw new ConfigError(
    `--resume cannot change ${list}: the checkpoint ${checkpointPath} was trained with the first value. ` +
      'A resume may change only run length, eval, logging, checkpoint and backend settings ' +
      `(${RESUME_MAY_CHANGE.join(', ')}). Drop those overrides, or start a new run with --logdir. Nothing in the run folder was changed.`,
  );
}
