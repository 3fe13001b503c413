/**
 * Batched infos, Gymnasium's `VectorEnv._add_info`: every key of a sub-env's info becomes an array over the
 * sub-envs, with a boolean mask `_key` telling which sub-envs set it. Nested info dicts batch recursively.
 * Numbers batch into a Float64Array, booleans into a boolean[], anything else into an array of values
 * (undefined where a sub-env did not set the key). `final_obs` always batches as a plain array, as Gymnasium
 * keeps it an object array.
 */
import type { Info } from '../env.js';

/** The batched info of a vector env: `{ key: values[numEnvs], _key: boolean[numEnvs], nested: VectorInfo }`. */
export type VectorInfo = Record<string, unknown>;

const FINAL_OBS_KEY = 'final_obs';

/** Adds sub-env `envIndex`'s `info` into `vectorInfo` (mutated and returned). */
export function addInfo(vectorInfo: VectorInfo, info: Info, envIndex: number, numEnvs: number): VectorInfo {
  // for-in rather than Object.keys: no array allocated for the usual empty info.
  for (const key in info) {
    const value = info[key];
    if (key !== FINAL_OBS_KEY && isPlainRecord(value)) {
      const nested = (vectorInfo[key] as VectorInfo | undefined) ?? {};
      vectorInfo[key] = addInfo(nested, value, envIndex, numEnvs);
    } else {
      const column = (vectorInfo[key] as unknown[] | Float64Array | undefined) ?? newColumn(key, value, numEnvs);
      (column as unknown[])[envIndex] = value;
      vectorInfo[key] = column;
    }
    const mask = (vectorInfo[`_${key}`] as boolean[] | undefined) ?? new Array<boolean>(numEnvs).fill(false);
    mask[envIndex] = true;
    vectorInfo[`_${key}`] = mask;
  }
  return vectorInfo;
}

function newColumn(key: string, first: unknown, numEnvs: number): unknown[] | Float64Array {
  if (key === FINAL_OBS_KEY) return new Array<unknown>(numEnvs).fill(undefined);
  if (typeof first === 'number') return new Float64Array(numEnvs);
  if (typeof first === 'boolean') return new Array<boolean>(numEnvs).fill(false);
  return new Array<unknown>(numEnvs).fill(undefined);
}

function isPlainRecord(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}
