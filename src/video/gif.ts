import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as gifencModule from 'gifenc';
import type { GifencApi } from 'gifenc';
import type { Frame } from '../env/env.js';
import { DreamerError } from '../util/errors.js';

/** GIF colour tables hold at most 256 entries. */
const MAX_GIF_COLORS = 256;
/** The shared palette is learnt from at most this many pixels (whole frames, evenly spaced), to stay fast. */
const PALETTE_SAMPLE_PIXELS = 1 << 20;
const DEFAULT_FPS = 30;

/** `--video` writes an animated GIF: a name with another extension is refused before any work (no GIF under .mp4). */
export function checkGifPath(video: string): void {
  if (!/\.gif$/i.test(video)) {
    throw new DreamerError(`cannot write "${video}": --video writes an animated GIF, so the file must end in .gif (convert it afterwards if you need another format, e.g. \`ffmpeg -i ${video.replace(/\.[^./]*$/, '')}.gif ${video}\`).`);
  }
}

// Node loads gifenc's CommonJS build (everything under `default`); Vite (the tests) loads its ESM build.
const gifenc: GifencApi = gifencModule.quantize ? (gifencModule as GifencApi) : gifencModule.default!;

export interface GifOptions {
  /** Frames per second of playback (GIF stores the delay in hundredths of a second). */
  fps?: number;
  /** Loop count: 0 loops forever (default), -1 plays once. */
  repeat?: number;
}

/**
 * Encodes frames ([H, W, 3] RGB bytes, all the same size) as an animated GIF. One palette is learnt from all
 * frames, so colours do not flicker between frames.
 */
export function encodeGif(frames: readonly Frame[], opts: GifOptions = {}): Uint8Array {
  const [height, width] = checkFrames(frames);
  const fps = opts.fps ?? DEFAULT_FPS;
  if (!(fps > 0)) throw new DreamerError(`GIF fps must be a positive number, got ${fps}. Pass e.g. --fps 30.`);
  const palette = gifenc.quantize(paletteSample(frames), MAX_GIF_COLORS);
  const gif = gifenc.GIFEncoder();
  const delay = 1000 / fps;
  for (const frame of frames) {
    const index = gifenc.applyPalette(toRgba(frame.data), palette);
    gif.writeFrame(index, width, height, { palette, delay, repeat: opts.repeat ?? 0 });
  }
  gif.finish();
  return gif.bytes();
}

/** Encodes and writes a GIF file, creating its folder. */
export function writeGif(path: string, frames: readonly Frame[], opts: GifOptions = {}): void {
  const bytes = encodeGif(frames, opts);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** Returns [H, W] after checking that every frame is RGB with the first frame's size. */
function checkFrames(frames: readonly Frame[]): [number, number] {
  if (frames.length === 0) throw new DreamerError('cannot write a GIF with no frames: the env rendered nothing (does it support render_mode "rgb_array"?).');
  const [height, width, channels] = frames[0]!.shape;
  frames.forEach((f, i) => {
    const [h, w, c] = f.shape;
    if (h !== height || w !== width || c !== channels || c !== 3 || f.data.length !== h * w * 3) {
      throw new DreamerError(
        `frame ${i} has shape [${f.shape.join(', ')}] (${f.data.length} bytes) but a GIF needs every frame to be ` +
          `[${height}, ${width}, 3] RGB bytes like frame 0: make render() return frames of one fixed size.`,
      );
    }
  });
  return [height, width];
}

/** RGB [H, W, 3] -> RGBA [H, W, 4] with opaque alpha (gifenc reads 4 bytes per pixel). */
function toRgba(rgb: Uint8Array): Uint8Array {
  const pixels = rgb.length / 3;
  const rgba = new Uint8Array(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    rgba[4 * p] = rgb[3 * p]!;
    rgba[4 * p + 1] = rgb[3 * p + 1]!;
    rgba[4 * p + 2] = rgb[3 * p + 2]!;
    rgba[4 * p + 3] = 255;
  }
  return rgba;
}

/**
 * RGBA pixels of whole frames picked evenly over the clip, at most PALETTE_SAMPLE_PIXELS (but at least one frame):
 * whole frames, so thin features such as a pole keep their colour in the palette.
 */
function paletteSample(frames: readonly Frame[]): Uint8Array {
  const pixelsPerFrame = frames[0]!.data.length / 3;
  const count = Math.min(frames.length, Math.max(1, Math.floor(PALETTE_SAMPLE_PIXELS / pixelsPerFrame)));
  const out = new Uint8Array(count * pixelsPerFrame * 4);
  for (let k = 0; k < count; k++) {
    const frame = frames[Math.floor((k * frames.length) / count)]!;
    out.set(toRgba(frame.data), k * pixelsPerFrame * 4);
  }
  return out;
}
