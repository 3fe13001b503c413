import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Canvas, type Rgb } from '../../src/render/canvas.js';
import { drawAaCircle, fillCircle } from '../../src/render/circle.js';
import { drawAaLine, drawLine } from '../../src/render/line.js';
import { crc32, encodePng } from '../../src/render/png.js';
import { EnvError } from '../../src/util/errors.js';
import { fillPolygon, rotate } from '../../src/render/polygon.js';

const RED: Rgb = [255, 0, 0];

function countColour(c: Canvas, colour: Rgb): number {
  let n = 0;
  for (let i = 0; i < c.data.length; i += 3) {
    if (c.data[i] === colour[0] && c.data[i + 1] === colour[1] && c.data[i + 2] === colour[2]) n++;
  }
  return n;
}

function pixel(c: Canvas, x: number, y: number): number[] {
  const i = (y * c.width + x) * 3;
  return Array.from(c.data.subarray(i, i + 3));
}

describe('Canvas', () => {
  it('fills, flips rows and clips out-of-range pixels', () => {
    const c = new Canvas(4, 3);
    c.fill([1, 2, 3]);
    c.setPixel(1, 0, RED);
    c.setPixel(-1, 0, RED);
    c.setPixel(4, 2, RED);
    c.flipVertical();
    expect(pixel(c, 1, 2)).toEqual([255, 0, 0]);
    expect(pixel(c, 1, 0)).toEqual([1, 2, 3]);
    expect(countColour(c, RED)).toBe(1);
  });

  it('blends by coverage', () => {
    const c = new Canvas(1, 1);
    c.fill([0, 0, 0]);
    c.blendPixel(0, 0, [200, 100, 50], 0.5);
    expect(pixel(c, 0, 0)).toEqual([100, 50, 25]);
  });
});

describe('shapes', () => {
  it('an axis-aligned square polygon fills its (inclusive) integer grid: 5x5 = 25 pixels', () => {
    const c = new Canvas(10, 10);
    fillPolygon(c, [[2, 2], [2, 6], [6, 6], [6, 2]], RED);
    expect(countColour(c, RED)).toBe(25);
    expect(pixel(c, 2, 2)).toEqual([255, 0, 0]);
    expect(pixel(c, 7, 4)).toEqual([0, 0, 0]);
  });

  it('a filled circle of radius 3 covers the 29 lattice points with dx² + dy² ≤ 9 (Gauss circle count)', () => {
    const c = new Canvas(11, 11);
    fillCircle(c, 5, 5, 3, RED);
    expect(countColour(c, RED)).toBe(29);
  });

  it('a triangle covers about half of its bounding box', () => {
    const c = new Canvas(101, 101);
    fillPolygon(c, [[0, 0], [100, 0], [0, 100]], RED);
    const area = countColour(c, RED);
    expect(area).toBeGreaterThan(5000);
    expect(area).toBeLessThan(5300); // 100·100/2 plus the inclusive diagonal and edges
  });

  it('Bresenham lines visit max(|dx|, |dy|) + 1 pixels', () => {
    const c = new Canvas(20, 20);
    drawLine(c, 1, 2, 15, 9, RED);
    expect(countColour(c, RED)).toBe(15);
  });

  it('an anti-aliased line on a pixel row is solid; halfway between rows it splits 50/50', () => {
    const c = new Canvas(10, 4);
    drawAaLine(c, 0, 1, 9, 1, RED);
    expect(countColour(c, RED)).toBe(10);
    const d = new Canvas(10, 4);
    drawAaLine(d, 0, 1.5, 9, 1.5, [200, 200, 200]);
    expect(pixel(d, 4, 1)).toEqual([100, 100, 100]);
    expect(pixel(d, 4, 2)).toEqual([100, 100, 100]);
  });

  it('an anti-aliased circle touches only pixels near its radius', () => {
    const c = new Canvas(21, 21);
    drawAaCircle(c, 10, 10, 6, RED);
    expect(pixel(c, 10, 10)).toEqual([0, 0, 0]);
    expect(pixel(c, 16, 10)).toEqual([255, 0, 0]);
  });

  it('rotate turns counter-clockwise like pygame Vector2.rotate_rad', () => {
    const [x, y] = rotate([1, 0], Math.PI / 2);
    expect(x).toBeCloseTo(0, 15);
    expect(y).toBeCloseTo(1, 15);
  });
});

describe('encodePng', () => {
  it('writes a valid PNG whose IDAT inflates back to the pixels', () => {
    const c = new Canvas(3, 2);
    c.fill([10, 20, 30]);
    c.setPixel(2, 1, RED);
    const png = encodePng(c.toFrame());
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // chunks: length, type, body, crc
    const chunks: { type: string; body: Buffer; crc: number }[] = [];
    for (let off = 8; off < png.length; ) {
      const len = png.readUInt32BE(off);
      chunks.push({ type: png.toString('latin1', off + 4, off + 8), body: png.subarray(off + 8, off + 8 + len), crc: png.readUInt32BE(off + 8 + len) });
      off += 12 + len;
    }
    expect(chunks.map((k) => k.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const k of chunks) expect(k.crc).toBe(zlibCrc32(Buffer.concat([Buffer.from(k.type, 'latin1'), k.body])));
    expect([chunks[0].body.readUInt32BE(0), chunks[0].body.readUInt32BE(4), chunks[0].body[8], chunks[0].body[9]]).toEqual([3, 2, 8, 2]);
    const raw = inflateSync(chunks[1].body);
    expect(Array.from(raw)).toEqual([0, 10, 20, 30, 10, 20, 30, 10, 20, 30, 0, 10, 20, 30, 10, 20, 30, 255, 0, 0]);
  });

  it('refuses a frame that is not RGB with an EnvError naming the shape and the fix', () => {
    const gray = { shape: [2, 2, 1] as [number, number, number], data: new Uint8Array(4) };
    expect(() => encodePng(gray as Parameters<typeof encodePng>[0])).toThrow(EnvError);
    expect(() => encodePng(gray as Parameters<typeof encodePng>[0])).toThrow(/shape \[2, 2, 1\].*uint8 HWC with 3 channels/);
  });

  it('crc32 matches zlib on arbitrary bytes', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
  });
});
