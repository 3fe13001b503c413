import { describe, expect, it } from 'vitest';
import { seriesColor } from '../../src/plot/palette.js';
import { dimensionPanels } from '../../src/plot/panels.js';
import { rasterise, toFrame } from '../../src/plot/raster.js';

/** The dream GIF's frames (`dreamer dream --video`): panels of real and predicted curves, drawn by resvg. */
describe('dimension panels as pixels', () => {
  const T = 20;
  const real = Array.from({ length: T }, (_, t) => [Math.sin(t / 3), t / T]);
  const predicted = real.map((row, t) => (t < 8 ? row.map(() => Number.NaN) : row.map((v) => v + 0.3)));

  it('has the scene size, the real curve in blue, the prediction in orange and the title drawn', () => {
    const scene = dimensionPanels({ real, predicted, contextEnd: 8, title: 'Pendulum-v1: 8 real steps, then 12 imagined' });
    const frame = toFrame(rasterise(scene));
    expect(frame.shape).toEqual([scene.height, scene.width, 3]);
    const count = (test: (r: number, g: number, b: number, x: number, y: number) => boolean): number => {
      let n = 0;
      for (let y = 0; y < scene.height; y++) {
        for (let x = 0; x < scene.width; x++) {
          const p = 3 * (y * scene.width + x);
          if (test(frame.data[p]!, frame.data[p + 1]!, frame.data[p + 2]!, x, y)) n++;
        }
      }
      return n;
    };
    const near = ([r0, g0, b0]: readonly number[]) => (r: number, g: number, b: number) => Math.abs(r - r0!) + Math.abs(g - g0!) + Math.abs(b - b0!) < 30;
    expect(count(near(seriesColor(0)))).toBeGreaterThan(300);
    expect(count(near(seriesColor(1)))).toBeGreaterThan(150);
    // the title: dark glyph pixels in the header strip's left half
    expect(count((r, g, b, x, y) => r + g + b < 300 && y < 30 && x < scene.width / 2)).toBeGreaterThan(100);
  });

  it('reveals the curves step by step: fewer coloured pixels before the end', () => {
    const at = (upto: number) => {
      const { data } = rasterise(dimensionPanels({ real, predicted, contextEnd: 8, upto, title: 't' }));
      let n = 0;
      for (let p = 0; p < data.length; p += 3) if (Math.abs(data[p]! - 255) + Math.abs(data[p + 1]! - 127) + Math.abs(data[p + 2]! - 14) < 30) n++;
      return n;
    };
    expect(at(8)).toBe(at(1)); // orange (the prediction) starts after the context: only its legend swatch before
    expect(at(T)).toBeGreaterThan(at(8) + 100);
  });
});
