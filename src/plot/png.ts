import { crc32, deflateSync } from 'node:zlib';
import type { RgbImage } from './raster.js';

/** The 8 bytes every PNG starts with. */
const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const BIT_DEPTH = 8;
const COLOR_TYPE_RGB = 2;
const FILTER_NONE = 0;

/** Encodes an RGB image as a PNG: IHDR, one zlib-compressed IDAT with unfiltered rows, IEND. */
export function encodePng(img: RgbImage): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(img.width, 0);
  header.writeUInt32BE(img.height, 4);
  header.set([BIT_DEPTH, COLOR_TYPE_RGB, 0, 0, 0], 8); // deflate, adaptive filtering, no interlace
  const rowBytes = img.width * 3;
  const raw = Buffer.alloc((rowBytes + 1) * img.height);
  for (let y = 0; y < img.height; y++) {
    raw[y * (rowBytes + 1)] = FILTER_NONE;
    raw.set(img.data.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  }
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** length (4 bytes, big-endian) + type + data + CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
