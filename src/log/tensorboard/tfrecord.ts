import { crc32c } from '../../io/crc32.js';

/** TFRecord's CRC mask (tensorflow/core/lib/hash/crc32c.h): rotate right by 15, add this constant. */
const MASK_DELTA = 0xa282ead8;
const LENGTH_BYTES = 8;
const CRC_BYTES = 4;

export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + MASK_DELTA) >>> 0;
}

/** One TFRecord: uint64 length, masked CRC of the length bytes, the data, masked CRC of the data (all LE). */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(LENGTH_BYTES + CRC_BYTES + data.length + CRC_BYTES);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(LENGTH_BYTES, maskedCrc32c(out.subarray(0, LENGTH_BYTES)), true);
  out.set(data, LENGTH_BYTES + CRC_BYTES);
  view.setUint32(LENGTH_BYTES + CRC_BYTES + data.length, maskedCrc32c(data), true);
  return out;
}
