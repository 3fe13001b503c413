import { readFileSync } from 'node:fs';
import { CheckpointError } from '../util/errors.js';
import { writeFileAtomic } from './atomic.js';
import { DTYPES, arrayFromBytes, bytesOf, checkTensor, elementCount, type DType, type Tensor } from './dtypes.js';
import { assertLittleEndian } from './endian.js';

/**
 * safetensors: an 8-byte little-endian header length N, N bytes of JSON
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__": { str: str } }` (offsets relative to
 * the data that follows), then the raw little-endian data. Loading parses JSON and copies bytes: nothing in the
 * file is ever executed.
 */
const HEADER_LENGTH_BYTES = 8;
/** The header is padded with spaces so the data starts 8-byte aligned (as the reference implementation does). */
const HEADER_ALIGN = 8;
/** The reference implementation refuses headers above 100 MB; so do we (a corrupt length would be huge). */
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';

export interface SafetensorsContents {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

interface HeaderEntry {
  dtype: DType;
  shape: number[];
  data_offsets: [number, number];
}

export function encodeSafetensors(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  assertLittleEndian();
  const names = Object.keys(tensors).sort();
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length > 0) header[METADATA_KEY] = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    checkTensor(name, t);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((HEADER_ALIGN - (Buffer.byteLength(json) % HEADER_ALIGN)) % HEADER_ALIGN);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(HEADER_LENGTH_BYTES + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, HEADER_LENGTH_BYTES);
  let at = HEADER_LENGTH_BYTES + headerBytes.length;
  for (const name of names) {
    const bytes = bytesOf(tensors[name]!.data);
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

/** Parses and validates safetensors bytes; `source` names the file in error messages. */
export function decodeSafetensors(bytes: Uint8Array, source: string): SafetensorsContents {
  assertLittleEndian();
  const fail = (problem: string): CheckpointError => new CheckpointError(`${source}: ${problem}; the file is corrupt or not safetensors.`);
  if (bytes.length < HEADER_LENGTH_BYTES) throw fail(`only ${bytes.length} bytes, shorter than the 8-byte header length`);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES || HEADER_LENGTH_BYTES + headerLength > bytes.length) {
    throw fail(`header length ${headerLength} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  }
  const header = parseHeader(bytes.subarray(HEADER_LENGTH_BYTES, HEADER_LENGTH_BYTES + headerLength), fail);
  const data = bytes.subarray(HEADER_LENGTH_BYTES + headerLength);
  const metadata = header[METADATA_KEY] ?? {};
  if (typeof metadata !== 'object' || metadata === null || !Object.values(metadata).every((v) => typeof v === 'string')) {
    throw fail('`__metadata__` must map strings to strings');
  }
  delete header[METADATA_KEY];
  const entries = Object.entries(header).map(([name, e]) => [name, checkEntry(name, e, fail)] as const);
  checkCoverage(entries.map(([name, e]) => [name, e.data_offsets] as const), data.length, fail);
  const tensors: Record<string, Tensor> = {};
  for (const [name, e] of entries) {
    tensors[name] = { dtype: e.dtype, shape: e.shape, data: arrayFromBytes(e.dtype, data.subarray(...e.data_offsets)) };
  }
  return { tensors, metadata: metadata as Record<string, string> };
}

function parseHeader(bytes: Uint8Array, fail: (p: string) => CheckpointError): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw fail(`the header is not valid JSON (${(err as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw fail('the header is not a JSON object');
  return header as Record<string, unknown>;
}

function checkEntry(name: string, entry: unknown, fail: (p: string) => CheckpointError): HeaderEntry {
  const e = entry as Partial<HeaderEntry> | null;
  if (!e || typeof e !== 'object') throw fail(`tensor \`${name}\` has no {dtype, shape, data_offsets}`);
  if (typeof e.dtype !== 'string' || !(e.dtype in DTYPES)) throw fail(`tensor \`${name}\` has unknown dtype ${JSON.stringify(e.dtype)}`);
  if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) throw fail(`tensor \`${name}\` has a bad shape`);
  const offsets = e.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[1] < offsets[0]) {
    throw fail(`tensor \`${name}\` has bad data_offsets`);
  }
  const expected = elementCount(e.shape) * DTYPES[e.dtype].ctor.BYTES_PER_ELEMENT;
  if (offsets[1] - offsets[0] !== expected) {
    throw fail(`tensor \`${name}\` (${e.dtype} [${e.shape.join(', ')}]) needs ${expected} bytes, its data_offsets span ${offsets[1] - offsets[0]}`);
  }
  return e as HeaderEntry;
}

/** The tensors' byte ranges must tile the data section exactly: no gaps, overlaps or bytes past the end. */
function checkCoverage(ranges: ReadonlyArray<readonly [string, [number, number]]>, dataLength: number, fail: (p: string) => CheckpointError): void {
  const sorted = [...ranges].sort((a, b) => a[1][0] - b[1][0]);
  let expectedStart = 0;
  for (const [name, [begin, end]] of sorted) {
    if (begin !== expectedStart) throw fail(`tensor \`${name}\` starts at byte ${begin}, expected ${expectedStart} (overlap or gap)`);
    expectedStart = end;
  }
  if (expectedStart !== dataLength) {
    throw fail(`the header describes ${expectedStart} data bytes but the file holds ${dataLength} (truncated or padded)`);
  }
}

export function writeSafetensors(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

export function readSafetensors(path: string): SafetensorsContents {
  return decodeSafetensors(readBinary(path), path);
}

/** Reads a checkpoint file; a missing file is a CheckpointError that names it. */
export function readBinary(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`;
    throw new CheckpointError(`checkpoint file ${path} ${why}. Check the path, or the run has no complete checkpoint yet.`);
  }
}
