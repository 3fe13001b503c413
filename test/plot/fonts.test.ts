import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fontsFrom, resvgFonts } from '../../src/plot/fonts.js';
import { svgToRgb } from '../../src/plot/resvg.js';

const TEXT_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">' +
  '<text x="10" y="28" font-family="DejaVu Sans, sans-serif" font-size="20" fill="#000">env steps</text></svg>';

/** Pixels darker than mid-grey: the glyphs (the background is white). */
function inked(fonts = resvgFonts()): number {
  const { data } = svgToRgb(TEXT_SVG, fonts);
  let n = 0;
  for (let p = 0; p < data.length; p += 3) if (data[p]! + data[p + 1]! + data[p + 2]! < 3 * 128) n++;
  return n;
}

describe('plot fonts', () => {
  it('draws text with the DejaVu Sans file of the dejavu-fonts-ttf package, not the system fonts', () => {
    const fonts = resvgFonts();
    expect(fonts.fontFiles).toHaveLength(1);
    expect(fonts.fontFiles[0]).toMatch(/dejavu-fonts-ttf[/\\]ttf[/\\]DejaVuSans\.ttf$/);
    expect(existsSync(fonts.fontFiles[0]!)).toBe(true);
    expect(fonts.loadSystemFonts).toBe(false);
    expect(inked()).toBeGreaterThan(200);
  });

  it('draws no text without a font (what the check above guards against)', () => {
    expect(inked({ ...fontsFrom(undefined), loadSystemFonts: false })).toBe(0);
  });

  it.skipIf(!existsSync('/usr/share/fonts'))('falls back to the system fonts when the package file is missing', () => {
    expect(fontsFrom(undefined).loadSystemFonts).toBe(true);
    expect(inked(fontsFrom(undefined))).toBeGreaterThan(200);
  });
});
