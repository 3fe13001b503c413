import { unzipSync, zipSync, type Zippable } from 'fflate';
import { CheckpointError } from '../util/errors.js';
import { crc32 } from './crc32.js';

/** The zip container of .npz files, through fflate; this file adds reproducible timestamps and CRC checks. */

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** A fixed timestamp (zip's earliest, 1980-01-01 00:00 local) keeps archives byte-for-byte reproducible. */
const ZIP_EPOCH = new Date(1980, 0, 1);
const STORED = 0;
const DEFLATE_LEVEL = 6;
/** fflate writes no zip64 records: sizes and offsets must fit zip's 32-bit fields. */
const MAX_ZIP32_BYTES = 0xffffffff;

export function encodeZip(entries: readonly ZipEntry[], compress: boolean): Uint8Array {
  const files: Zippable = {};
  let total = 0;
  for (const { name, data } of entries) {
    total += data.length;
    if (total > MAX_ZIP32_BYTES) throw new CheckpointError(`cannot write an .npz past 4 GiB (at array ${name}; the zip writer has no zip64): save fewer or smaller arrays per file (for a run's replay: lower replay.capacity).`);
    files[name] = data;
  }
  return zipSync(files, { level: compress ? DEFLATE_LEVEL : STORED, mtime: ZIP_EPOCH });
}

/** Reads every entry, checking sizes and CRCs; `source` names the archive in errors. */
export function decodeZip(bytes: Uint8Array, source: string): ZipEntry[] {
  const fail = (problem: string): CheckpointError => new CheckpointError(`${source}: ${problem}; the archive is corrupt or truncated.`);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    throw fail(describeFflateError(err));
  }
  const directory = centralDirectory(bytes);
  return Object.entries(files).map(([name, data]) => {
    const expected = directory.get(name);
    if (expected === undefined) throw fail(`entry ${name} is missing from the central directory`);
    if (expected.size !== ZIP64_MARKER && data.length !== expected.size) throw fail(`entry ${name} has ${data.length} bytes, the directory says ${expected.size}`);
    if (crc32(data) !== expected.crc) throw fail(`entry ${name} fails its CRC-32 check`);
    return { name, data };
  });
}

/** fflate's error codes (FlateErrorCode) in words; anything else keeps fflate's message. */
const FFLATE_PROBLEMS: Record<number, string> = {
  0: 'a deflated entry ends early',
  13: 'no zip end-of-central-directory record',
  14: 'an entry uses a compression method other than stored and deflate',
};

function describeFflateError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const problem = typeof code === 'number' ? FFLATE_PROBLEMS[code] : undefined;
  return problem ?? `not a readable zip archive (${err instanceof Error ? err.message : String(err)})`;
}

/**
 * Each entry's CRC-32 and size from the central directory. fflate does not verify CRCs, and a flipped bit in a
 * stored .npy would otherwise load as a wrong number. unzipSync has already walked these records, so they parse.
 * A size of ZIP64_MARKER means the real one is in a zip64 extra field (NumPy forces zip64 headers), which fflate
 * reads: only the CRC is checked then.
 */
function centralDirectory(bytes: Uint8Array): Map<string, { crc: number; size: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - EOCD_BYTES;
  while (view.getUint32(eocd, true) !== EOCD_SIGNATURE) eocd--;
  const utf8 = new TextDecoder();
  const out = new Map<string, { crc: number; size: number }>();
  let at = view.getUint32(eocd + 16, true);
  for (let i = view.getUint16(eocd + 10, true); i > 0; i--) {
    const nameLength = view.getUint16(at + 28, true);
    const name = utf8.decode(bytes.subarray(at + CENTRAL_HEADER_BYTES, at + CENTRAL_HEADER_BYTES + nameLength));
    out.set(name, { crc: view.getUint32(at + 16, true), size: view.getUint32(at + 24, true) });
    at += CENTRAL_HEADER_BYTES + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_BYTES = 22;
const CENTRAL_HEADER_BYTES = 46;
const ZIP64_MARKER = 0xffffffff;
