import { CheckpointError } from '../util/errors.js';
import { writeFileAtomic } from './atomic.js';
import type { Tensor } from './dtypes.js';
import { decodeNpy, encodeNpy } from './npy.js';
import { readBinary } from './safetensors.js';
import { decodeZip, encodeZip } from './zip.js';

/**
 * NumPy's .npz: a zip archive with one `<name>.npy` per array, as `np.savez` (stored) and
 * `np.savez_compressed` (deflate) write it; `np.load(path)[name]` reads our files back.
 */
const NPY_SUFFIX = '.npy';

export interface NpzOptions {
  /** deflate the entries (np.savez_compressed); replay data compresses well */
  compress?: boolean;
}

export function encodeNpz(arrays: Record<string, Tensor>, options: NpzOptions = {}): Uint8Array {
  const entries = Object.entries(arrays).map(([name, t]) => ({ name: name + NPY_SUFFIX, data: encodeNpy(t, name) }));
  return encodeZip(entries, options.compress ?? false);
}

export function decodeNpz(bytes: Uint8Array, source: string): Record<string, Tensor> {
  const arrays: Record<string, Tensor> = {};
  for (const entry of decodeZip(bytes, source)) {
    if (!entry.name.endsWith(NPY_SUFFIX)) throw new CheckpointError(`${source}: entry ${entry.name} is not an .npy array; this is not an .npz file.`);
    const name = entry.name.slice(0, -NPY_SUFFIX.length);
    arrays[name] = decodeNpy(entry.data, `${source}[${name}]`);
  }
  return arrays;
}

export function writeNpz(path: string, arrays: Record<string, Tensor>, options?: NpzOptions): void {
  writeFileAtomic(path, encodeNpz(arrays, options));
}

export function readNpz(path: string): Record<string, Tensor> {
  return decodeNpz(readBinary(path), path);
}
