import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space, SpaceJSON } from './space.js';
import { SpaceError } from '../../util/errors.js';
import { Tuple } from './tuple.js';

/**
 * Rebuilds a space from its `toJSON()` (also reads the golden files' Box format, where ±inf are the strings
 * "Infinity"/"-Infinity"). The result is unseeded.
 */
export function spaceFromJSON(json: SpaceJSON): Space<unknown> {
  switch (json.type) {
    case 'Box':
      return Box.fromJSON(json) as Space<unknown>;
    case 'Discrete':
      return Discrete.fromJSON(json);
    case 'MultiDiscrete':
      return MultiDiscrete.fromJSON(json) as Space<unknown>;
    case 'MultiBinary':
      return MultiBinary.fromJSON(json);
    case 'Dict': {
      const entries = (json.spaces as [string, SpaceJSON][]).map(([k, s]) => [k, spaceFromJSON(s)] as const);
      return new Dict(entries) as Space<unknown>;
    }
    case 'Tuple':
      return new Tuple((json.spaces as SpaceJSON[]).map(spaceFromJSON)) as Space<unknown>;
    default:
      throw new SpaceError(`Unknown space type "${String(json.type)}" in JSON; expected Box, Discrete, MultiDiscrete, MultiBinary, Dict or Tuple.`);
  }
}
