import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/env/env.js';
import { encodeGif, writeGif } from '../../src/video/gif.js';
import { DreamerError } from '../../src/util/errors.js';
import { decodeGif } from './gif-reader.js';

const H = 12;
const W = 16;
const COLORS: [number, number, number][] = [
  [255, 0, 0],
  [0, 160, 0],
  [20, 40, 230],
  [255, 255, 255],
];

/** Frame k: a background colour with a 4x4 square of another colour that moves right by 3 pixels per frame. */
function frame(k: number): Frame {
  const data = new Uint8Array(H * W * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const inSquare = y >= 4 && y < 8 && x >= 3 * k && x < 3 * k + 4;
      data.set(inSquare ? COLORS[(k + 1) % COLORS.length]! : COLORS[3]!, 3 * (y * W + x));
    }
  }
  return { data, shape: [H, W, 3] };
}

describe('encodeGif', () => {
  const frames = [0, 1, 2].map(frame);

  it('writes a GIF89a whose frames decode back to the input pixels', () => {
    const gif = decodeGif(encodeGif(frames, { fps: 20 }));
    expect(gif.signature).toBe('GIF89a');
    expect([gif.width, gif.height]).toEqual([W, H]);
    expect(gif.frames).toHaveLength(3);
    expect(gif.loopCount).toBe(0);
    gif.frames.forEach((decoded, k) => {
      expect(decoded.delayCs).toBe(5); // 1/20 s = 5 hundredths
      const input = frames[k]!.data;
      let worst = 0;
      for (let i = 0; i < input.length; i++) worst = Math.max(worst, Math.abs(decoded.rgb[i]! - input[i]!));
      expect(worst).toBeLessThanOrEqual(8); // rgb565 quantisation keeps these few colours within 8 levels
    });
  });

  it('writes the file to disk', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gif-')), 'sub', 'clip.gif');
    writeGif(path, frames, { fps: 10 });
    const gif = decodeGif(new Uint8Array(readFileSync(path)));
    expect(gif.frames.map((f) => f.delayCs)).toEqual([10, 10, 10]);
  });

  it('rejects frames of different sizes and an empty clip with a DreamerError', () => {
    const small: Frame = { data: new Uint8Array(4 * 4 * 3), shape: [4, 4, 3] };
    expect(() => encodeGif([frames[0]!, small])).toThrow(/frame 1 has shape \[4, 4, 3\].*\[12, 16, 3\]/);
    expect(() => encodeGif([])).toThrow(DreamerError);
  });
});
