import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy, decodeNpz, encodeNpy, encodeNpz, readNpz, tensor, writeNpz, type Tensor } from '../../src/io/index.js';
import { decodeZip } from '../../src/io/zip.js';
import { CheckpointError } from '../../src/util/errors.js';
import { CRC32_IEEE_POLY, crc32, crc32c, crc32With } from '../../src/io/crc32.js';

const fixture = (name: string): string => join(import.meta.dirname, 'fixtures', name);

/** The arrays of fixtures/README.md, written here independently of the files. */
const NUMPY_ARRAYS: Record<string, Tensor> = {
  obs: tensor(Float32Array.from([1.5, -2.0, 3.25, 4.0, 5.0, 6.0]), [2, 3]),
  reward: tensor(Float64Array.from([0.1, 0.2]), [2]),
  action: tensor(Int32Array.from([-7, 8]), [2, 1]),
  is_first: { dtype: 'BOOL', shape: [3], data: Uint8Array.from([1, 0, 1]) },
  pixels: tensor(Uint8Array.from({ length: 12 }, (_, i) => i), [2, 2, 3]),
};

describe('npz', () => {
  it('refuses a tensor whose data does not fit its dtype or shape with a CheckpointError naming the fix', () => {
    const bad: Tensor = { dtype: 'F32', shape: [2, 3], data: new Float32Array(5) };
    expect(() => encodeNpy(bad, 'obs')).toThrow(CheckpointError);
    expect(() => encodeNpy(bad, 'obs')).toThrow(/tensor `obs`: shape \[2, 3\] needs 6 values, data has 5: fix the shape or the data/);
    expect(() => encodeNpy({ dtype: 'F32', shape: [2], data: new Int32Array(2) }, 'a')).toThrow(CheckpointError);
  });

  it.each(['numpy_savez.npz', 'numpy_savez_compressed.npz'])('reads %s written by NumPy', (name) => {
    expect(readNpz(fixture(name))).toEqual(NUMPY_ARRAYS);
  });

  it('writes .npy entries byte-identical to NumPy’s own', () => {
    const numpyEntries = decodeZip(readFileSync(fixture('numpy_savez.npz')), 'numpy_savez.npz');
    for (const entry of numpyEntries) {
      const name = entry.name.replace(/\.npy$/, '');
      expect(Buffer.from(encodeNpy(NUMPY_ARRAYS[name]!, name)).equals(Buffer.from(entry.data)), name).toBe(true);
    }
  });

  it('round-trips stored and compressed archives, scalars and 64-bit ints', () => {
    const arrays: Record<string, Tensor> = { ...NUMPY_ARRAYS, scalar: tensor(Float32Array.from([9]), []), big: tensor(BigInt64Array.from([-5n, 1n << 40n])) };
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-npz-'));
    for (const compress of [false, true]) {
      writeNpz(join(dir, `r${compress}.npz`), arrays, { compress });
      expect(readNpz(join(dir, `r${compress}.npz`))).toEqual(arrays);
    }
    const zeros = { z: tensor(new Float32Array(10_000)) };
    expect(encodeNpz(zeros, { compress: true }).length).toBeLessThan(encodeNpz(zeros).length / 10);
  });

  it('detects corruption and truncation, naming the file and entry', () => {
    const bytes = encodeNpz({ obs: NUMPY_ARRAYS.obs! });
    const flipped = bytes.slice();
    flipped[120] ^= 0xff; // inside obs.npy's data (after the 30 + 7 byte local header and the 64-byte npy header)
    expect(() => decodeNpz(flipped, 'replay/chunk0.npz')).toThrow(/replay\/chunk0\.npz: entry obs\.npy fails its CRC-32 check/);
    expect(() => decodeNpz(bytes.subarray(0, bytes.length - 10), 'replay/chunk0.npz')).toThrow(/no zip end-of-central-directory/);
    expect(() => decodeNpz(Uint8Array.from([1, 2, 3]), 'x.npz')).toThrow(/x\.npz: .*corrupt or truncated/);
  });

  it('checks .npy headers and data lengths', () => {
    const npy = encodeNpy(NUMPY_ARRAYS.obs!);
    expect(decodeNpy(npy, 'obs.npy')).toEqual(NUMPY_ARRAYS.obs);
    expect(() => decodeNpy(npy.subarray(0, npy.length - 4), 'obs.npy')).toThrow(/needs 24 data bytes, found 20/);
    expect(() => decodeNpy(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 'obs.npy')).toThrow(/no \.npy magic/);
    const fortran = Buffer.from(npy);
    fortran.write("'fortran_order': True, ", fortran.indexOf("'fortran_order'"), 'latin1');
    expect(() => decodeNpy(fortran, 'f.npy')).toThrow(/Fortran-order/);
  });
});

describe('crc32', () => {
  it('gives the standard check values for "123456789" (IEEE 0xCBF43926, Castagnoli 0xE3069283), also in chunks', () => {
    const bytes = Buffer.from('123456789', 'latin1');
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32With(CRC32_IEEE_POLY, bytes)).toBe(0xcbf43926); // the table fallback
    expect(crc32c(bytes)).toBe(0xe3069283);
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(0xcbf43926);
  });
});
