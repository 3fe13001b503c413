import { layoutSize, type ActionSpec, type ObsLayout } from '../../agents/api.js';
import { Box } from '../env/spaces/box.js';
import { Discrete } from '../env/spaces/discrete.js';
import type { Space } from '../env/spaces/space.js';
import { ConfigError } from '../util/errors.js';
import { observationLayout } from './obs-layout.js';

/**
 * How the agent sees an env's spaces: observations as flat float rows laid out in entries (vectors, and uint8
 * images routed to the CNN: `obsLayout`), actions as the world model's vectors
 * (one-hot for Discrete, [-1, 1] per dimension for Box), and the conversion back to what the env takes.
 */
export interface SpaceAdapter {
  obsSize: number;
  /** The entries of an observation row (from the space before any Dict flattening). */
  obsLayout: ObsLayout;
  spec: ActionSpec;
  /** Model actions [N, A] -> the vector env's batched action (Int32Array of indices or Float32Array [N, dims]). */
  toEnv(action: Float32Array, n: number): Int32Array | Float32Array;
}

/**
 * `obsSpace` is the space the driver's rows come in (a Box, Dicts already flattened); `layoutSpace` the one before
 * flattening, whose entries give the layout (default: `obsSpace`).
 */
export function adaptSpaces(envId: string, obsSpace: Space<unknown>, actSpace: Space<unknown>, layoutSpace: Space<unknown> = obsSpace): SpaceAdapter {
  const obsLayout = observationLayout(envId, layoutSpace);
  if (!(obsSpace instanceof Box)) {
    throw new ConfigError(`env ${envId}: the agent reads Box (vector) observations, but the observation space is ${String(obsSpace)}. Wrap the env (e.g. FlattenObservation / PixelObservation) or pick another env.id.`);
  }
  const obsSize = obsSpace.size;
  if (layoutSize(obsLayout) !== obsSize) {
    throw new ConfigError(`env ${envId}: the observation entries hold ${layoutSize(obsLayout)} values but a row has ${obsSize}: flatten Dict observations with FlattenObservation only.`);
  }
  if (actSpace instanceof Discrete) {
    const { n, start } = actSpace;
    return {
      obsSize,
      obsLayout,
      spec: { kind: 'discrete', n },
      toEnv: (action, rows) => {
        const out = new Int32Array(rows);
        for (let i = 0; i < rows; i++) out[i] = start + argmax(action, i * n, n);
        return out;
      },
    };
  }
  if (actSpace instanceof Box) {
    const dims = actSpace.size;
    const { low, high } = actSpace;
    if (![...low, ...high].every(Number.isFinite)) {
      throw new ConfigError(`env ${envId}: the Box action space ${String(actSpace)} is unbounded; the agent acts in bounded boxes. Wrap the env with ClipAction/RescaleAction to finite bounds.`);
    }
    return {
      obsSize,
      obsLayout,
      spec: { kind: 'continuous', dims },
      toEnv: (action, rows) => {
        const out = new Float32Array(rows * dims);
        for (let i = 0; i < out.length; i++) {
          const d = i % dims;
          out[i] = low[d]! + ((action[i]! + 1) / 2) * (high[d]! - low[d]!);
        }
        return out;
      },
    };
  }
  throw new ConfigError(`env ${envId}: the agent acts in Discrete or Box action spaces, not ${String(actSpace)}.`);
}

function argmax(x: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (x[offset + j]! > x[offset + best]!) best = j;
  return best;
}
