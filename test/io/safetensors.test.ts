import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTensorSpecs, decodeSafetensors, encodeSafetensors, readSafetensors, tensor, writeSafetensors, type Tensor } from '../../src/io/index.js';
import { CheckpointError } from '../../src/util/errors.js';

/** A safetensors file assembled by hand: 8-byte LE header length, the JSON text, the data bytes. */
function handMade(headerJson: string, data: number[]): Uint8Array {
  const header = Buffer.from(headerJson, 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Uint8Array.from([...length, ...header, ...data]);
}
const f32Bytes = (xs: number[]): number[] => [...new Uint8Array(Float32Array.from(xs).buffer)];

describe('safetensors', () => {
  it('writes the documented layout byte for byte', () => {
    const bytes = encodeSafetensors({ b: tensor(Uint8Array.from([7]), [1, 1]), a: tensor(Float32Array.from([1, 2]), [2]) }, { format: 'pt' });
    const json = '{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[1,1],"data_offsets":[8,9]}}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8); // data starts 8-byte aligned
    expect([...bytes]).toEqual([...handMade(padded, [...f32Bytes([1, 2]), 7])]);
  });

  it('reads a hand-made file with another key order, spacing and no metadata', () => {
    const json = '{ "x": { "data_offsets": [0, 12], "shape": [3], "dtype": "F32" } }';
    const { tensors, metadata } = decodeSafetensors(handMade(json, f32Bytes([0.5, -1, 2])), 'hand.safetensors');
    expect(metadata).toEqual({});
    expect(tensors.x!.dtype).toBe('F32');
    expect(tensors.x!.shape).toEqual([3]);
    expect(Array.from(tensors.x!.data as Float32Array)).toEqual([0.5, -1, 2]);
  });

  it('round-trips every dtype through a file', () => {
    const tensors: Record<string, Tensor> = {
      f64: tensor(Float64Array.from([Math.PI, -0]), [2, 1]),
      f32: tensor(Float32Array.from([1e-30, 3.5, NaN]), [3]),
      i64: tensor(BigInt64Array.from([-(1n << 62n)])),
      i32: tensor(Int32Array.from([-2147483648, 5])),
      u8: tensor(Uint8Array.from([255])),
      bool: { dtype: 'BOOL', shape: [2], data: Uint8Array.from([1, 0]) },
      f16: { dtype: 'F16', shape: [1], data: Uint16Array.from([0x3c00]) },
      empty: tensor(new Float32Array(0), [0, 4]),
    };
    const path = join(mkdtempSync(join(tmpdir(), 'dreamer-st-')), 'w.safetensors');
    writeSafetensors(path, tensors, { step: '12' });
    const back = readSafetensors(path);
    expect(back.metadata).toEqual({ step: '12' });
    expect(back.tensors).toEqual(tensors);
  });

  it('names the file and the problem of a truncated or corrupt file', () => {
    const good = encodeSafetensors({ w: tensor(Float32Array.from([1, 2, 3, 4])) });
    const decode = (bytes: Uint8Array): unknown => decodeSafetensors(bytes, 'ckpt/model.safetensors');
    expect(() => decode(good.subarray(0, good.length - 3))).toThrow(/ckpt\/model\.safetensors: .*holds 13 \(truncated or padded\)/);
    expect(() => decode(good.subarray(0, 20))).toThrow(/runs past the end/);
    expect(() => decode(good.subarray(0, 5))).toThrow(/shorter than the 8-byte header length/);
    expect(() => decode(handMade('{"w": 1', []))).toThrow(/not valid JSON/);
    expect(() => decode(handMade('{"w":{"dtype":"F31","shape":[1],"data_offsets":[0,4]}}', f32Bytes([1])))).toThrow(/unknown dtype "F31"/);
    expect(() => decode(handMade('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', f32Bytes([1])))).toThrow(/needs 8 bytes/);
    expect(() => decode(handMade('{"__metadata__":{"step":12}}', []))).toThrow(/`__metadata__` must map strings to strings/);
    expect(() => decode(good.subarray(0, 5))).toThrow(CheckpointError);
  });

  it('reports a missing file as a CheckpointError naming it', () => {
    expect(() => readSafetensors('/nonexistent/model.safetensors')).toThrow(/\/nonexistent\/model\.safetensors does not exist/);
  });

  it('never executes the file: a header with code in it is only data', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dreamer-st-')), 'evil.safetensors');
    writeFileSync(path, handMade('{"__metadata__":{"x":"require(\'child_process\')"}}', []));
    expect(readSafetensors(path).metadata).toEqual({ x: "require('child_process')" });
  });
});

describe('checkTensorSpecs', () => {
  it('lists missing, unexpected, wrongly shaped and wrongly typed tensors', () => {
    const loaded = { a: tensor(new Float32Array(6), [2, 3]), b: tensor(new Int32Array(2)), extra: tensor(new Float32Array(1)) };
    const expected = { a: { dtype: 'F32' as const, shape: [3, 2] }, b: { dtype: 'F32' as const, shape: [2] }, c: { dtype: 'F32' as const, shape: [1] } };
    expect(() => checkTensorSpecs('run/ckpt', loaded, expected)).toThrow(
      'run/ckpt does not match this model: `a` has shape [2, 3], expected [3, 2]; `b` is I32, expected F32; missing `c`; unexpected `extra`.',
    );
    expect(() => checkTensorSpecs('x', { a: loaded.a }, { a: { dtype: 'F32', shape: [2, 3] } })).not.toThrow();
  });
});
