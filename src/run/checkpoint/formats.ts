import { decodeNpz, encodeNpz } from '../../io/npz.js';
import { decodeSafetensors, encodeSafetensors } from '../../io/safetensors.js';
import type { NamedTensors } from './types.js';

/** File formats of a checkpoint's parts, in one place so the writer and the reader always agree. */

/** Named tensors as a safetensors file, marked with the writer so `safetensors` users see where it came from. */
export function encodeTensorsFile(tensors: NamedTensors): Uint8Array {
  return encodeSafetensors(tensors, { format: 'np', writer: 'dreamer-ts' });
}

export function decodeTensorsFile(bytes: Uint8Array, source: string): NamedTensors {
  return decodeSafetensors(bytes, source).tensors;
}

/** Named arrays as an .npz archive (one .npy per name). */
export function encodeArraysFile(arrays: NamedTensors): Uint8Array {
  return encodeNpz(arrays);
}

export function decodeArraysFile(bytes: Uint8Array, source: string): NamedTensors {
  return decodeNpz(bytes, source);
}
