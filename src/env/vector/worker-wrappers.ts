/**
 * Wrappers an AsyncVectorEnv worker applies to its sub-env, named by data: functions cannot cross to a worker
 * thread, so an async vector env takes these where a sync one takes wrapper functions. Applied in order over the
 * env `make` built (outside its TimeLimit).
 */
import type { Env } from '../env.js';
import { ActionRepeat } from '../wrappers/action-repeat.js';
import { VectorEnvError } from '../../util/errors.js';

/** ActionRepeat(env, repeat): `env.action_repeat` of a run (see ../wrappers/action-repeat.ts). */
export type WorkerWrapperSpec = { kind: 'ActionRepeat'; repeat: number };

export function applyWorkerWrappers(env: Env, specs: readonly WorkerWrapperSpec[] = []): Env {
  return specs.reduce((wrapped, spec) => {
    switch (spec.kind) {
      case 'ActionRepeat':
        return new ActionRepeat(wrapped, spec.repeat) as Env;
      default:
        throw new VectorEnvError(`unknown worker wrapper ${JSON.stringify(spec)}; the workers know: ActionRepeat.`);
    }
  }, env);
}
