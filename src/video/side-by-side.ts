import type { Frame } from '../env/env.js';

const GAP = 6;
const BACKGROUND = 255;

/** Frames placed left to right on a white background, top-aligned, `GAP` pixels apart: [max H, sum W + gaps, 3]. */
export function sideBySide(frames: readonly Frame[]): Frame {
  const height = Math.max(...frames.map((f) => f.shape[0]));
  const width = frames.reduce((w, f) => w + f.shape[1], 0) + GAP * (frames.length - 1);
  const data = new Uint8Array(height * width * 3).fill(BACKGROUND);
  let left = 0;
  for (const f of frames) {
    const [h, w] = f.shape;
    for (let y = 0; y < h; y++) data.set(f.data.subarray(y * w * 3, (y + 1) * w * 3), (y * width + left) * 3);
    left += w + GAP;
  }
  return { data, shape: [height, width, 3] };
}
