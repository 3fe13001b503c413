// Types for the parts of `gifenc` (a pure-JS GIF encoder without its own typings) that src/video uses.
declare module 'gifenc' {
  /** A colour table: up to 256 entries of [r, g, b]. */
  export type Palette = number[][];

  export interface WriteFrameOptions {
    palette?: Palette;
    /** Frame delay in milliseconds (GIF stores hundredths of a second). */
    delay?: number;
    /** -1 = play once, 0 = loop forever, n > 0 = n repeats. */
    repeat?: number;
  }

  export interface GifStream {
    writeFrame(index: Uint8Array, width: number, height: number, opts?: WriteFrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
  }

  export interface GifencApi {
    GIFEncoder(opts?: { auto?: boolean; initialCapacity?: number }): GifStream;
    /** RGBA pixels (4 bytes each) to a palette of at most maxColors colours. */
    quantize(rgba: Uint8Array, maxColors: number, opts?: { format?: 'rgb565' | 'rgb444' | 'rgba4444' }): Palette;
    /** RGBA pixels to palette indices, one byte per pixel. */
    applyPalette(rgba: Uint8Array, palette: Palette, format?: 'rgb565' | 'rgb444' | 'rgba4444'): Uint8Array;
  }

  // Node loads the CommonJS build (all under `default`); bundlers such as Vite load the ESM build (named exports).
  export const GIFEncoder: GifencApi['GIFEncoder'] | undefined;
  export const quantize: GifencApi['quantize'] | undefined;
  export const applyPalette: GifencApi['applyPalette'] | undefined;
  const api: GifencApi | undefined;
  export default api;
}
