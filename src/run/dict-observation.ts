import type { Env } from '../env/env.js';
import { Box } from '../env/spaces/box.js';
import { Dict } from '../env/spaces/dict.js';
import type { Space } from '../env/spaces/space.js';
import { FlattenObservation } from '../env/wrappers/flatten-observation.js';
import { ConfigError } from '../util/errors.js';

/**
 * How a `Dict` observation reaches the agent, which reads one flat vector: its entries concatenated in the Dict
 * space's key order (the order the env gave them, e.g. dm_control's for the DMC suite; sorted when the env passed a
 * plain object), each entry flattened row-major. Entries must be vector Boxes: an image entry (uint8 [H, W, C]) needs
 * the pixel encoder, which does not exist yet, and is refused with the entry named.
 */
export function flattenDictObservation(envId: string, env: Env): Env {
  const space = env.observationSpace as Space<unknown>;
  if (!(space instanceof Dict)) return env;
  checkVectorEntries(envId, space);
  return new FlattenObservation(env) as unknown as Env;
}

function checkVectorEntries(envId: string, space: Dict): void {
  for (const [key, entry] of Object.entries(space.spaces)) {
    if (!(entry instanceof Box)) {
      throw new ConfigError(`env ${envId}: Dict observation entry "${key}" is ${String(entry)}; the agent reads Box (vector) entries only: wrap the env to turn it into a Box, or drop the entry.`);
    }
    if (entry.dtype === 'uint8' && entry.shape.length === 3) {
      throw new ConfigError(`env ${envId}: Dict observation entry "${key}" is an image ${String(entry)}; learning from pixels is not built yet: drop the entry (or use the env's state observations).`);
    }
  }
}
