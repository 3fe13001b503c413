import { actionSize, type Agent, type LoadScope } from '../../agents/index.js';
import { CheckpointError } from '../util/errors.js';
import type { LoadedCheckpoint } from './checkpoint.js';
import type { SpaceAdapter } from './spaces.js';

/** The env a checkpoint's agent was trained on, as run.json records it (checkpoints since the agent contract). */
export interface TrainedOn {
  env: string;
  /** O: flat observation size */
  obs: number;
  /** A: action width (Discrete n, or Box dimensions) */
  actions: number;
}

export function trainedOn(envId: string, adapter: SpaceAdapter): TrainedOn {
  return { env: envId, obs: adapter.obsSize, actions: actionSize(adapter.spec) };
}

function describe(t: TrainedOn): string {
  return `${t.env} (obs ${t.obs}, actions ${t.actions})`;
}

/**
 * Loads an agent's part of a checkpoint into an agent built for `here`. A checkpoint of another env is said in
 * one line first ("trained on CartPole-v1 (obs 4, actions 2); this run is ./reacher.ts (obs 6, actions 4)"),
 * before any tensor shape; for checkpoints that predate the record, the trained env's id heads the load error.
 */
export function loadAgentFrom(agent: Agent, checkpoint: LoadedCheckpoint, scope: LoadScope, here: TrainedOn): void {
  const then = (checkpoint.json.run as { trainedOn?: TrainedOn } | undefined)?.trainedOn;
  if (then && (then.obs !== here.obs || then.actions !== here.actions)) {
    throw new CheckpointError(
      `${checkpoint.path} was trained on ${describe(then)}; this run is ${describe(here)}: a checkpoint loads only into ` +
        `the env it was trained on. Use env.id=${then.env} (the run's config.yaml has it), or train a new run for this env.`,
    );
  }
  try {
    agent.load(checkpoint, scope, checkpoint.path);
  } catch (err) {
    if (then || !(err instanceof CheckpointError)) throw err;
    const env = (checkpoint.json.config as { env?: { id?: string } } | undefined)?.env?.id ?? 'an env this checkpoint does not name';
    throw new CheckpointError(`the checkpoint was trained on ${env}; this run is ${describe(here)}. ${err.message}`);
  }
}
