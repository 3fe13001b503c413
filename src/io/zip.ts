import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CheckpointError } from '../util/errors.js';
import { crc32 } from './crc32.js';

/**
 * A minimal zip (PKWARE APPNOTE) writer and reader, enough for .npz: stored or deflated entries, no encryption,
 * no zip64 (each entry and the archive must stay under 4 GiB), no data descriptors.
 */
const LOCAL_HEADER_SIG = 0x04034b50;
const CENTRAL_HEADER_SIG = 0x02014b50;
const END_OF_CENTRAL_DIR_SIG = 0x06054b50;
const LOCAL_HEADER_BYTES = 30;
const CENTRAL_HEADER_BYTES = 46;
const END_OF_CENTRAL_DIR_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const VERSION_NEEDED = 20; // 2.0: deflate
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
/** 1980-01-01 00:00 in DOS format: a fixed timestamp keeps archives byte-for-byte reproducible. */
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const DOS_TIME_MIDNIGHT = 0;
const UTF8_NAMES_FLAG = 1 << 11;
const MAX_UINT32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

export function encodeZip(entries: readonly ZipEntry[], compress: boolean): Uint8Array {
  if (entries.length > MAX_ENTRIES) throw new RangeError(`zip: ${entries.length} entries, at most ${MAX_ENTRIES} without zip64`);
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const body = compress ? deflateRawSync(entry.data) : entry.data;
    const method = compress ? METHOD_DEFLATED : METHOD_STORED;
    if (entry.data.length > MAX_UINT32 || offset + body.length > MAX_UINT32) throw new RangeError(`zip: ${entry.name} is past 4 GiB (no zip64)`);
    const fields = { crc: crc32(entry.data), compressed: body.length, size: entry.data.length, method, name };
    locals.push(localHeader(fields), body);
    centrals.push(centralHeader(fields, offset));
    offset += LOCAL_HEADER_BYTES + name.length + body.length;
  }
  const centralSize = centrals.reduce((s, c) => s + c.length, 0);
  return Buffer.concat([...locals, ...centrals, endOfCentralDir(entries.length, centralSize, offset)]);
}

interface EntryFields {
  crc: number;
  compressed: number;
  size: number;
  method: number;
  name: Buffer;
}

function localHeader(f: EntryFields): Uint8Array {
  const b = Buffer.alloc(LOCAL_HEADER_BYTES + f.name.length);
  b.writeUInt32LE(LOCAL_HEADER_SIG, 0);
  b.writeUInt16LE(VERSION_NEEDED, 4);
  b.writeUInt16LE(UTF8_NAMES_FLAG, 6);
  b.writeUInt16LE(f.method, 8);
  b.writeUInt16LE(DOS_TIME_MIDNIGHT, 10);
  b.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  b.writeUInt32LE(f.crc, 14);
  b.writeUInt32LE(f.compressed, 18);
  b.writeUInt32LE(f.size, 22);
  b.writeUInt16LE(f.name.length, 26);
  b.writeUInt16LE(0, 28); // extra field length
  f.name.copy(b, LOCAL_HEADER_BYTES);
  return b;
}

function centralHeader(f: EntryFields, localOffset: number): Uint8Array {
  const b = Buffer.alloc(CENTRAL_HEADER_BYTES + f.name.length);
  b.writeUInt32LE(CENTRAL_HEADER_SIG, 0);
  b.writeUInt16LE(VERSION_NEEDED, 4); // version made by
  b.writeUInt16LE(VERSION_NEEDED, 6);
  b.writeUInt16LE(UTF8_NAMES_FLAG, 8);
  b.writeUInt16LE(f.method, 10);
  b.writeUInt16LE(DOS_TIME_MIDNIGHT, 12);
  b.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  b.writeUInt32LE(f.crc, 16);
  b.writeUInt32LE(f.compressed, 20);
  b.writeUInt32LE(f.size, 24);
  b.writeUInt16LE(f.name.length, 28);
  // extra length, comment length, disk number, internal attributes, external attributes: all zero
  b.writeUInt32LE(localOffset, 42);
  f.name.copy(b, CENTRAL_HEADER_BYTES);
  return b;
}

function endOfCentralDir(count: number, centralSize: number, centralOffset: number): Uint8Array {
  const b = Buffer.alloc(END_OF_CENTRAL_DIR_BYTES);
  b.writeUInt32LE(END_OF_CENTRAL_DIR_SIG, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(centralSize, 12);
  b.writeUInt32LE(centralOffset, 16);
  return b;
}

/** Reads every entry, checking sizes and CRCs; `source` names the archive in errors. */
export function decodeZip(bytes: Uint8Array, source: string): ZipEntry[] {
  const fail = (problem: string): CheckpointError => new CheckpointError(`${source}: ${problem}; the archive is corrupt or truncated.`);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDir(buf);
  if (eocd < 0) throw fail('no zip end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_HEADER_BYTES > eocd || buf.readUInt32LE(at) !== CENTRAL_HEADER_SIG) throw fail(`central directory entry ${i} is damaged`);
    const nameLength = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + CENTRAL_HEADER_BYTES, at + CENTRAL_HEADER_BYTES + nameLength).toString('utf8');
    entries.push({ name, data: readEntry(buf, name, centralFields(buf, at), fail) });
    at += CENTRAL_HEADER_BYTES + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

interface CentralFields {
  method: number;
  crc: number;
  compressed: number;
  size: number;
  localOffset: number;
}

function centralFields(buf: Buffer, at: number): CentralFields {
  return {
    method: buf.readUInt16LE(at + 10),
    crc: buf.readUInt32LE(at + 16),
    compressed: buf.readUInt32LE(at + 20),
    size: buf.readUInt32LE(at + 24),
    localOffset: buf.readUInt32LE(at + 42),
  };
}

function readEntry(buf: Buffer, name: string, f: CentralFields, fail: (p: string) => CheckpointError): Uint8Array {
  const at = f.localOffset;
  if (at + LOCAL_HEADER_BYTES > buf.length || buf.readUInt32LE(at) !== LOCAL_HEADER_SIG) throw fail(`entry ${name}: local header is damaged`);
  const start = at + LOCAL_HEADER_BYTES + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  if (start + f.compressed > buf.length) throw fail(`entry ${name} runs past the end of the file`);
  const body = buf.subarray(start, start + f.compressed);
  let data: Uint8Array;
  if (f.method === METHOD_STORED) data = body;
  else if (f.method === METHOD_DEFLATED) data = inflate(body, name, fail);
  else throw fail(`entry ${name} uses compression method ${f.method} (only stored and deflate are supported)`);
  if (data.length !== f.size) throw fail(`entry ${name} has ${data.length} bytes, the directory says ${f.size}`);
  if (crc32(data) !== f.crc) throw fail(`entry ${name} fails its CRC-32 check`);
  return data;
}

function inflate(body: Uint8Array, name: string, fail: (p: string) => CheckpointError): Uint8Array {
  try {
    return inflateRawSync(body);
  } catch (err) {
    throw fail(`entry ${name} does not inflate (${(err as Error).message})`);
  }
}

/** The EOCD record sits at the end, before an optional comment of up to 64 KiB: scan backwards for it. */
function findEndOfCentralDir(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - END_OF_CENTRAL_DIR_BYTES - MAX_COMMENT_BYTES);
  for (let at = buf.length - END_OF_CENTRAL_DIR_BYTES; at >= lowest; at--) {
    if (buf.readUInt32LE(at) === END_OF_CENTRAL_DIR_SIG) return at;
  }
  return -1;
}
