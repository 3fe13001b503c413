import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The font the PNGs are drawn in. resvg draws text only with fonts it is given, and a machine may have none, so
 * DejaVu Sans comes from the `dejavu-fonts-ttf` package; if that file is missing, the system's fonts are loaded
 * (fontconfig's DejaVu Sans on most Linux machines, Helvetica/Arial elsewhere), so text still renders.
 */
export const PLOT_FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const BUNDLED_FONT = 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf';
const DEFAULT_FAMILY = 'DejaVu Sans';

/** resvg's `font` option. */
export interface ResvgFonts {
  fontFiles: string[];
  loadSystemFonts: boolean;
  defaultFontFamily: string;
  sansSerifFamily: string;
}

let cached: ResvgFonts | undefined;

export function resvgFonts(): ResvgFonts {
  cached ??= fontsFrom(bundledFontFile());
  return cached;
}

/** With the bundled file: that file only (the same pixels on every machine); without: whatever the system has. */
export function fontsFrom(file: string | undefined): ResvgFonts {
  return {
    fontFiles: file ? [file] : [],
    loadSystemFonts: file === undefined,
    defaultFontFamily: DEFAULT_FAMILY,
    sansSerifFamily: DEFAULT_FAMILY,
  };
}

function bundledFontFile(): string | undefined {
  try {
    const path = createRequire(import.meta.url).resolve(BUNDLED_FONT);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
