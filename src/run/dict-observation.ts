import type { Env } from '../env/env.js';
import { Dict } from '../env/spaces/dict.js';
import type { Space } from '../env/spaces/space.js';
import { FlattenObservation } from '../env/wrappers/flatten-observation.js';
import { observationLayout } from './obs-layout.js';

/**
 * How a `Dict` observation reaches the agent, which reads one flat row: its entries concatenated in the Dict
 * space's key order (the order the env gave them, e.g. dm_control's for the DMC suite; sorted when the env passed a
 * plain object), each entry flattened row-major. Entries must be Boxes; image entries (uint8 [H, W, C]) keep their
 * pixel values and the agent routes them to its CNN by the row's layout (./obs-layout.ts), which is checked here so
 * a space the agent cannot take fails when the env is built, naming the entry.
 */
export function flattenDictObservation(envId: string, env: Env): Env {
  const space = env.observationSpace as Space<unknown>;
  if (!(space instanceof Dict)) return env;
  observationLayout(envId, space);
  return new FlattenObservation(env) as unknown as Env;
}
