import * as zlib from 'node:zlib';

/**
 * Table-driven CRC-32 in its reflected form. Two polynomials are used here: the zip/PNG one (IEEE 802.3) for
 * .npz archives and Castagnoli's (CRC-32C) for TensorBoard's TFRecord framing.
 */
export const CRC32_IEEE_POLY = 0xedb88320;
export const CRC32C_POLY = 0x82f63b78;

const BYTE_VALUES = 256;
const tables = new Map<number, Uint32Array>();

function tableFor(poly: number): Uint32Array {
  let table = tables.get(poly);
  if (table) return table;
  table = new Uint32Array(BYTE_VALUES);
  for (let n = 0; n < BYTE_VALUES; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  tables.set(poly, table);
  return table;
}

/** CRC of `bytes`; pass a previous result as `crc` to continue over several chunks. */
export function crc32With(poly: number, bytes: Uint8Array, crc = 0): number {
  const table = tableFor(poly);
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** zip's CRC-32 (IEEE); node:zlib's native one (Node >= 20.15) is ~10x faster than the table loop. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  return typeof zlib.crc32 === 'function' ? zlib.crc32(bytes, crc) : crc32With(CRC32_IEEE_POLY, bytes, crc);
}

/** CRC-32C (Castagnoli), as TFRecord uses. */
export function crc32c(bytes: Uint8Array, crc = 0): number {
  return crc32With(CRC32C_POLY, bytes, crc);
}
