import { Resvg } from '@resvg/resvg-js';
import { resvgFonts, type ResvgFonts } from './fonts.js';

/** SVG to pixels through resvg (a prebuilt native renderer from the npm registry), with the plot font. */

/** An RGB image, row-major [height, width, 3]. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

function render(svg: string, fonts: ResvgFonts) {
  return new Resvg(svg, { font: fonts, background: 'white', logLevel: 'off' }).render();
}

/** An 8-bit RGBA PNG of the SVG on white; `fonts` defaults to the bundled DejaVu Sans. */
export function svgToPng(svg: string, fonts: ResvgFonts = resvgFonts()): Uint8Array {
  return render(svg, fonts).asPng();
}

/** The SVG drawn on white, alpha dropped. */
export function svgToRgb(svg: string, fonts: ResvgFonts = resvgFonts()): RgbImage {
  const image = render(svg, fonts);
  const rgba = image.pixels;
  const data = new Uint8Array(image.width * image.height * 3);
  for (let p = 0, q = 0; q < data.length; p += 4, q += 3) {
    data[q] = rgba[p]!;
    data[q + 1] = rgba[p + 1]!;
    data[q + 2] = rgba[p + 2]!;
  }
  return { width: image.width, height: image.height, data };
}
