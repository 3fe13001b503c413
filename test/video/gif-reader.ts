/**
 * A small GIF89a reader written from the format spec, independent of the encoder under test: it walks the block
 * structure, collects each frame's delay, and LZW-decodes the pixels back to RGB.
 */
export interface DecodedGif {
  signature: string;
  width: number;
  height: number;
  loopCount: number | undefined;
  frames: { delayCs: number; rgb: Uint8Array }[];
}

const EXTENSION = 0x21;
const IMAGE = 0x2c;
const TRAILER = 0x3b;
const GRAPHIC_CONTROL = 0xf9;
const APPLICATION = 0xff;
const MAX_CODE_BITS = 12;

export function decodeGif(bytes: Uint8Array): DecodedGif {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const signature = String.fromCharCode(...bytes.subarray(0, 6));
  const width = u16(6);
  const height = u16(8);
  let pos = 13;
  let globalTable: Uint8Array | undefined;
  if (bytes[10]! & 0x80) {
    const size = 3 * (1 << ((bytes[10]! & 7) + 1));
    globalTable = bytes.subarray(pos, pos + size);
    pos += size;
  }
  const frames: DecodedGif['frames'] = [];
  let delayCs = 0;
  let loopCount: number | undefined;
  const readSubBlocks = (): Uint8Array => {
    const parts: number[] = [];
    for (let n = bytes[pos++]!; n !== 0; n = bytes[pos++]!) {
      parts.push(...bytes.subarray(pos, pos + n));
      pos += n;
    }
    return Uint8Array.from(parts);
  };
  for (;;) {
    const block = bytes[pos++];
    if (block === TRAILER) break;
    if (block === EXTENSION) {
      const label = bytes[pos++];
      const data = readSubBlocks();
      if (label === GRAPHIC_CONTROL) delayCs = data[1]! | (data[2]! << 8);
      if (label === APPLICATION && String.fromCharCode(...data.subarray(0, 11)) === 'NETSCAPE2.0') loopCount = data[12]! | (data[13]! << 8);
    } else if (block === IMAGE) {
      const [w, h, packed] = [u16(pos + 4), u16(pos + 6), bytes[pos + 8]!];
      pos += 9;
      let table = globalTable;
      if (packed & 0x80) {
        const size = 3 * (1 << ((packed & 7) + 1));
        table = bytes.subarray(pos, pos + size);
        pos += size;
      }
      const minCodeSize = bytes[pos++]!;
      const indices = lzwDecode(minCodeSize, readSubBlocks(), w * h);
      frames.push({ delayCs, rgb: toRgb(indices, table!) });
    } else {
      throw new Error(`unknown GIF block 0x${(block ?? 0).toString(16)} at byte ${pos - 1}`);
    }
  }
  return { signature, width, height, loopCount, frames };
}

function lzwDecode(minCodeSize: number, data: Uint8Array, pixelCount: number): Uint8Array {
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  const fresh = (): number[][] => [...Array.from({ length: clear }, (_, i) => [i]), [], []];
  let dict = fresh();
  let codeSize = minCodeSize + 1;
  let prev: number[] | undefined;
  const out: number[] = [];
  let bit = 0;
  while (bit + codeSize <= data.length * 8) {
    let code = 0;
    for (let b = 0; b < codeSize; b++, bit++) code |= ((data[bit >> 3]! >> (bit & 7)) & 1) << b;
    if (code === clear) {
      dict = fresh();
      codeSize = minCodeSize + 1;
      prev = undefined;
      continue;
    }
    if (code === end) break;
    let entry: number[];
    if (code < dict.length) entry = dict[code]!;
    else if (code === dict.length && prev) entry = [...prev, prev[0]!];
    else throw new Error(`bad LZW code ${code} (dictionary has ${dict.length})`);
    out.push(...entry);
    if (prev) dict.push([...prev, entry[0]!]);
    prev = entry;
    if (dict.length === 1 << codeSize && codeSize < MAX_CODE_BITS) codeSize++;
  }
  if (out.length !== pixelCount) throw new Error(`LZW gave ${out.length} pixels, expected ${pixelCount}`);
  return Uint8Array.from(out);
}

function toRgb(indices: Uint8Array, table: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(indices.length * 3);
  indices.forEach((k, p) => rgb.set(table.subarray(3 * k, 3 * k + 3), 3 * p));
  return rgb;
}
