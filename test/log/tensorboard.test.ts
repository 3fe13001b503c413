import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TensorBoardSink } from '../../src/log/index.js';
import { encodeVarint } from '../../src/log/tensorboard/protobuf.js';

// --- an independent reference: bit-by-bit CRC-32C and hand-assembled protobuf bytes ---

function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function masked(bytes: Uint8Array): number {
  const c = crc32cBitwise(bytes);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

const le64 = (n: number): number[] => [...new Uint8Array(new BigUint64Array([BigInt(n)]).buffer)];
const le32 = (n: number): number[] => [...new Uint8Array(new Uint32Array([n]).buffer)];
const f64 = (x: number): number[] => [...new Uint8Array(new Float64Array([x]).buffer)];
const f32 = (x: number): number[] => [...new Uint8Array(new Float32Array([x]).buffer)];
const ascii = (s: string): number[] => [...Buffer.from(s, 'utf8')];

function tfrecord(data: number[]): number[] {
  const length = le64(data.length);
  return [...length, ...le32(masked(Uint8Array.from(length))), ...data, ...le32(masked(Uint8Array.from(data)))];
}

describe('TensorBoard event files', () => {
  it('uses the standard CRC-32C (check value of "123456789" is 0xE3069283)', () => {
    expect(crc32cBitwise(Uint8Array.from(ascii('123456789')))).toBe(0xe3069283);
  });

  it('encodes varints as protobuf does', () => {
    expect([...encodeVarint(0n)]).toEqual([0]);
    expect([...encodeVarint(150n)]).toEqual([0x96, 0x01]); // the protobuf docs' example
    expect([...encodeVarint(300n)]).toEqual([0xac, 0x02]);
    expect(encodeVarint(-1n)).toHaveLength(10);
  });

  it('writes the file version record and scalar events byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-tb-'));
    const t0 = 1_700_000_000.25;
    const sink = new TensorBoardSink(dir, t0);
    sink.write({ step: 300, time: 1, wallTime: t0 + 1.5, scalars: { 'loss/dyn': 0.5, fps: 123.25 } });
    sink.close();

    const fileVersion = [0x09, ...f64(t0), 0x1a, 13, ...ascii('brain.Event:2')];
    const value = (tag: string, x: number): number[] => {
      const body = [0x0a, tag.length, ...ascii(tag), 0x15, ...f32(x)];
      return [0x0a, body.length, ...body]; // Summary.value (field 1)
    };
    const summary = [...value('loss/dyn', 0.5), ...value('fps', 123.25)];
    const scalars = [0x09, ...f64(t0 + 1.5), 0x10, 0xac, 0x02, 0x2a, summary.length, ...summary];
    const expected = [...tfrecord(fileVersion), ...tfrecord(scalars)];

    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^events\.out\.tfevents\.1700000000\./);
    const written = [...readFileSync(join(dir, files[0]!))];
    expect(written).toEqual(expected);
    // Every events file TensorFlow writes starts with these 12 bytes (a 24-byte first event and its masked CRC).
    expect(written.slice(0, 12)).toEqual([0x18, 0, 0, 0, 0, 0, 0, 0, 0xa3, 0x7f, 0x4b, 0x22]);
  });
});
