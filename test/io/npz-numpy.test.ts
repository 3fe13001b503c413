import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeNpz, tensor, writeNpz } from '../../src/io/index.js';
import { decodeZip, encodeZip } from '../../src/io/zip.js';

/** NumPy itself, when python3 with numpy is on this machine (the test skips where it is not). */
const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('npz files as NumPy reads them', () => {
  it.skipIf(!numpy)('np.load reads stored and compressed archives we write, dtypes and shapes included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-npz-numpy-'));
    const arrays = {
      obs: tensor(Float32Array.from([1.5, -2, 3.25, 4, 5, 6]), [2, 3]),
      step: tensor(BigInt64Array.from([-5n, 1n << 40n]), [2]),
      pixels: tensor(Uint8Array.from({ length: 12 }, (_, i) => i), [2, 2, 3]),
    };
    for (const compress of [false, true]) {
      const path = join(dir, `a${compress}.npz`);
      writeNpz(path, arrays, { compress });
      const script =
        'import json, sys, numpy as np\n' +
        'z = np.load(sys.argv[1])\n' +
        'print(json.dumps({k: [str(z[k].dtype), list(z[k].shape), z[k].ravel().tolist()] for k in sorted(z.files)}))';
      const r = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({
        obs: ['float32', [2, 3], [1.5, -2, 3.25, 4, 5, 6]],
        pixels: ['uint8', [2, 2, 3], [...Array(12).keys()]],
        step: ['int64', [2], [-5, 2 ** 40]],
      });
    }
  });
});

describe('zip container', () => {
  afterEach(() => vi.useRealTimers());

  it('writes the same bytes for the same arrays on any day (fixed 1980-01-01 timestamps)', () => {
    const arrays = { a: tensor(Float32Array.from([1, 2, 3])) };
    vi.useFakeTimers({ now: new Date(2024, 5, 1, 12, 30) });
    const first = encodeNpz(arrays, { compress: true });
    vi.setSystemTime(new Date(2031, 0, 2, 8, 15));
    expect(Buffer.from(encodeNpz(arrays, { compress: true })).equals(Buffer.from(first))).toBe(true);
    // local header: modification time 00:00, date 1980-01-01
    const header = Buffer.from(first);
    expect([header.readUInt16LE(10), header.readUInt16LE(12)]).toEqual([0, (0 << 9) | (1 << 5) | 1]);
  });

  it('round-trips entries and names a wrong size or compression method', () => {
    const entries = [{ name: 'x.npy', data: Uint8Array.from([1, 2, 3, 4]) }, { name: 'ü.npy', data: new Uint8Array(0) }];
    expect(decodeZip(encodeZip(entries, false), 'a.npz')).toEqual(entries);
    expect(decodeZip(encodeZip(entries, true), 'a.npz')).toEqual(entries);
    const badMethod = Buffer.from(encodeZip(entries.slice(0, 1), false));
    badMethod.writeUInt16LE(12, badMethod.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10); // bzip2 in the directory
    expect(() => decodeZip(badMethod, 'b.npz')).toThrow(/b\.npz: .*compression method other than stored and deflate; the archive is corrupt/);
    const badSize = Buffer.from(encodeZip(entries.slice(0, 1), false));
    badSize.writeUInt32LE(5, badSize.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    expect(() => decodeZip(badSize, 'c.npz')).toThrow(/c\.npz: entry x\.npy has 4 bytes, the directory says 5/);
  });
});
