import type { Frame } from '../env/env.js';
import { svgToRgb, type RgbImage } from './resvg.js';
import type { Scene } from './scene.js';
import { sceneToSvg } from './svg.js';

export type { RgbImage } from './resvg.js';

/** The image as an env-style frame ([H, W, 3] RGB), e.g. for src/render's PNG encoder or a GIF. */
export function toFrame(img: RgbImage): Frame {
  return { data: img.data, shape: [img.height, img.width, 3] };
}

/** The scene's pixels: its SVG drawn by resvg, so the GIF frames and the SVG show the same picture. */
export function rasterise(scene: Scene): RgbImage {
  return svgToRgb(sceneToSvg(scene));
}
