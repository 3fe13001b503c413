import { CheckpointError } from '../util/errors.js';
import { DTYPES, arrayFromBytes, bytesOf, checkTensor, elementCount, type DType, type Tensor } from './dtypes.js';
import { assertLittleEndian } from './endian.js';

/**
 * NumPy's .npy format: the magic `\x93NUMPY`, a version (we write 1.0, read 1.0 and 2.0), the header length
 * (uint16 in v1, uint32 in v2), an ASCII Python-dict header `{'descr': '<f4', 'fortran_order': False,
 * 'shape': (3, 4), }` padded with spaces and a newline so the data starts 64-byte aligned, then the raw data.
 */
const MAGIC = Uint8Array.from([0x93, ...Buffer.from('NUMPY', 'latin1')]);
const PREAMBLE_V1 = MAGIC.length + 2 + 2; // magic, version, uint16 header length
const PREAMBLE_V2 = MAGIC.length + 2 + 4;
const DATA_ALIGN = 64;
const MAX_V1_HEADER = 0xffff;

export function encodeNpy(t: Tensor, name = 'array'): Uint8Array {
  assertLittleEndian();
  checkTensor(name, t);
  const descr = DTYPES[t.dtype].npy;
  if (!descr) throw new CheckpointError(`tensor \`${name}\`: NumPy has no ${t.dtype} dtype: convert it (e.g. to F32) or write safetensors instead`);
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = PREAMBLE_V1 + header.length + 1; // + the final newline
  header += ' '.repeat((DATA_ALIGN - (unpadded % DATA_ALIGN)) % DATA_ALIGN) + '\n';
  if (header.length > MAX_V1_HEADER) throw new CheckpointError(`tensor \`${name}\`: shape too long for an .npy v1 header: reshape it to fewer axes`);
  const data = bytesOf(t.data);
  const out = new Uint8Array(PREAMBLE_V1 + header.length + data.length);
  out.set(MAGIC, 0);
  out.set([1, 0], MAGIC.length);
  new DataView(out.buffer).setUint16(MAGIC.length + 2, header.length, true);
  out.set(Buffer.from(header, 'latin1'), PREAMBLE_V1);
  out.set(data, PREAMBLE_V1 + header.length);
  return out;
}

/** Parses .npy bytes (C order only); `source` names the file or archive entry in errors. */
export function decodeNpy(bytes: Uint8Array, source: string): Tensor {
  assertLittleEndian();
  const fail = (problem: string): CheckpointError => new CheckpointError(`${source}: ${problem}; the file is corrupt or not a NumPy .npy array.`);
  if (bytes.length < PREAMBLE_V1 || !MAGIC.every((b, i) => bytes[i] === b)) throw fail('no .npy magic at the start');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[MAGIC.length]!;
  if (major !== 1 && major !== 2) throw fail(`unsupported .npy version ${major}`);
  const preamble = major === 1 ? PREAMBLE_V1 : PREAMBLE_V2;
  const headerLength = major === 1 ? view.getUint16(MAGIC.length + 2, true) : view.getUint32(MAGIC.length + 2, true);
  if (preamble + headerLength > bytes.length) throw fail('the header runs past the end (truncated?)');
  const header = Buffer.from(bytes.subarray(preamble, preamble + headerLength)).toString('latin1');
  const { dtype, shape } = parseHeader(header, fail);
  const dataBytes = elementCount(shape) * DTYPES[dtype].ctor.BYTES_PER_ELEMENT;
  const data = bytes.subarray(preamble + headerLength);
  if (data.length !== dataBytes) throw fail(`shape [${shape.join(', ')}] of ${dtype} needs ${dataBytes} data bytes, found ${data.length} (truncated?)`);
  return { dtype, shape, data: arrayFromBytes(dtype, data) };
}

function parseHeader(header: string, fail: (p: string) => CheckpointError): { dtype: DType; shape: number[] } {
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw fail(`unreadable header ${JSON.stringify(header.trim())}`);
  if (fortran === 'True') throw fail('Fortran-order arrays are not supported (save with C order)');
  const littleEndianDescr = descr.startsWith('=') ? `<${descr.slice(1)}` : descr; // '=' is the (little-endian) host order
  const dtype = Object.values(DTYPES).find((d) => d.npy === littleEndianDescr)?.dtype;
  if (!dtype) throw fail(`dtype ${descr} is not supported (little-endian ints, uints, floats and bools are)`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw fail(`bad shape (${shapeText})`);
  return { dtype, shape };
}
