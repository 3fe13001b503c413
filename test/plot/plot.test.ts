import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { meanCurve } from '../../src/plot/aggregate.js';
import * as vega from 'vega';
import { hex, seriesColor } from '../../src/plot/palette.js';
import { groupRuns } from '../../src/plot/group.js';
import { plotRuns } from '../../src/plot/plot.js';
import { findRunDirs, loadRun } from '../../src/plot/runs.js';
import { DreamerError } from '../../src/util/errors.js';

const METRIC = 'eval/return_mean';

/** A run folder with config.yaml and metrics.jsonl; each value is written together with a loss-only line. */
function writeRun(root: string, name: string, latent: string, seed: number, points: [number, number][]): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.yaml'), `env:\n  id: CartPole-v1\nmodel:\n  latent: ${latent}\nrun:\n  seed: ${seed}\n  logdir: ${dir}\n`);
  const lines = points.flatMap(([step, v]) => [JSON.stringify({ step, time: step / 100, [METRIC]: v }), JSON.stringify({ step: step + 1, 'loss/rep': 0.5 })]);
  writeFileSync(join(dir, 'metrics.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

/** Two configs x three seeds; the gaussian seed 2 logs at shifted steps (interpolated). */
function syntheticRuns(): string {
  const root = mkdtempSync(join(tmpdir(), 'plot-'));
  writeRun(root, 'cat-0', 'categorical', 0, [[0, 10], [1000, 100], [2000, 300]]);
  writeRun(root, 'cat-1', 'categorical', 1, [[0, 20], [1000, 140], [2000, 320]]);
  writeRun(root, 'cat-2', 'categorical', 2, [[0, 30], [1000, 120], [2000, 340]]);
  writeRun(root, 'gau-0', 'gaussian', 0, [[0, 0], [1000, 50], [2000, 90]]);
  writeRun(root, 'gau-1', 'gaussian', 1, [[0, 10], [1000, 70], [2000, 110]]);
  writeRun(root, 'gau-2', 'gaussian', 2, [[500, 40], [1500, 80]]);
  return root;
}

describe('runs and groups', () => {
  it('finds seed folders, ignores the seed and logdir keys, and labels groups by the key that differs', () => {
    const runs = findRunDirs([syntheticRuns()]).map((d) => loadRun(d, METRIC));
    expect(runs).toHaveLength(6);
    const groups = groupRuns(runs);
    expect(groups.map((g) => g.label)).toEqual(['model.latent=categorical', 'model.latent=gaussian']);
    expect(groups.map((g) => g.runs.map((r) => r.dir.slice(-5)))).toEqual([['cat-0', 'cat-1', 'cat-2'], ['gau-0', 'gau-1', 'gau-2']]);
  });

  it('leads labels with agent.kind when a baseline differs in many keys', () => {
    const root = mkdtempSync(join(tmpdir(), 'plot-'));
    const write = (name: string, yaml: string): void => {
      mkdirSync(join(root, name), { recursive: true });
      writeFileSync(join(root, name, 'config.yaml'), yaml);
      writeFileSync(join(root, name, 'metrics.jsonl'), `${JSON.stringify({ step: 0, time: 0, [METRIC]: 1 })}\n`);
    };
    write('dreamer', 'agent:\n  kind: dreamer\n  beta_a: 1\n  beta_b: 1\n  beta_c: 1\n  beta_d: 1\n');
    write('random', 'agent:\n  kind: random\n  beta_a: 2\n  beta_b: 2\n  beta_c: 2\n  beta_d: 2\n');
    const labels = groupRuns(findRunDirs([root]).map((d) => loadRun(d, METRIC))).map((g) => g.label);
    expect(labels.map((l) => l.split(', ')[0])).toEqual(['agent.kind=dreamer', 'agent.kind=random']);
  });

  it('averages seeds at each step, interpolating runs that log at other steps', () => {
    const root = syntheticRuns();
    const gaussian = ['gau-0', 'gau-1', 'gau-2'].map((n) => loadRun(join(root, n), METRIC));
    const curve = meanCurve(gaussian);
    expect(curve.steps).toEqual([0, 500, 1000, 1500, 2000]);
    // step 1000: 50, 70 and gau-2 halfway between 40 and 80 = 60
    expect(curve.mean[2]).toBeCloseTo(60, 12);
    expect(curve.count).toEqual([2, 3, 3, 3, 2]);
    // step 500: 25, 40, 40 -> s = sqrt(75) / sqrt(3)... computed by hand: mean 35, s^2 = (100 + 25 + 25) / 2 = 75
    expect(curve.mean[1]).toBeCloseTo(35, 12);
    expect(curve.hi[1]! - curve.mean[1]!).toBeCloseTo((4.303 * Math.sqrt(75)) / Math.sqrt(3), 10);
  });

  it('skips a torn last line and reports a missing folder or metric with the fix', async () => {
    const root = syntheticRuns();
    const path = join(root, 'cat-0', 'metrics.jsonl');
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"step": 3000, "eval/ret`);
    expect(loadRun(join(root, 'cat-0'), METRIC).steps).toEqual([0, 1000, 2000]);
    expect(() => findRunDirs([join(root, 'missing')])).toThrow(/does not exist: pass the --logdir/);
    await expect(plotRuns([root], { metric: 'nope', out: join(root, 'x.svg') })).rejects.toThrow(DreamerError);
    await expect(plotRuns([root], { metric: 'nope', out: join(root, 'x.svg') })).rejects.toThrow(/no "nope" values in the 6 run\(s\) .*--metric \(eval\/return_mean, loss\/rep\)/);
    await expect(plotRuns([root], { metric: METRIC, out: join(root, 'x.jpg') })).rejects.toThrow(/must end in .png or .svg/);
    await expect(plotRuns([root], { metric: METRIC, html: join(root, 'x.svg') })).rejects.toThrow(/cannot write ".*x\.svg": the interactive page must end in \.html/);
    await expect(plotRuns([root], { metric: METRIC })).rejects.toThrow(/nothing to write: pass --out .* and\/or --html/);
  });
});

describe('plotRuns', () => {
  it('writes an SVG with one mean line and one band per config, ticks, labels and a legend', async () => {
    const root = syntheticRuns();
    const out = join(root, 'fig', 'curves.svg');
    expect((await plotRuns([root], { metric: METRIC, out })).written).toEqual([out]);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* width="800" height="500"/);
    expect(svg.match(/class="mark-line role-mark mean_marks"/g)).toHaveLength(2);
    expect(svg.match(/class="mark-area role-mark band_marks"/g)).toHaveLength(2);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(expect.arrayContaining(['env steps', METRIC, '0', '1k', '2k', 'model.latent=categorical (3 seeds)', 'model.latent=gaussian (3 seeds)']));
    // colours: each config's mean line in its palette colour, through all of its steps (gaussian: 5 interpolated steps)
    const means = [...svg.matchAll(/class="mark-line role-mark mean_marks"[^>]*><path [^>]*d="([^"]*)" stroke="([^"]*)"/g)];
    expect(means.map((m) => [m[1]!.split('L').length, m[2]])).toEqual([[3, hex(seriesColor(0))], [5, hex(seriesColor(1))]]);
  });

  it('draws no band for a single seed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'plot-'));
    writeRun(root, 'only', 'categorical', 0, [[0, 1], [1000, 2]]);
    const out = join(root, 'one.svg');
    await plotRuns([root], { metric: METRIC, out });
    const svg = readFileSync(out, 'utf8');
    expect(svg.match(/class="mark-line role-mark mean_marks"/g)).toHaveLength(1);
    expect(svg).not.toMatch(/class="mark-area role-mark band_marks"/);
    expect(svg).toContain('>CartPole-v1 (1 seed)</text>');
  });

  it('writes a PNG of the same drawing: right size, both curves and bands in their colours, and the text drawn', async () => {
    const root = syntheticRuns();
    const pngPath = join(root, 'c.png');
    await plotRuns([root], { metric: METRIC, out: pngPath });
    const png = decodePng(readFileSync(pngPath));
    expect([png.width, png.height]).toEqual([800, 500]);
    const near = (c: readonly number[]) => (p: number[]) => p.every((v, k) => Math.abs(v - c[k]!) <= 12);
    const blue = png.find(near(seriesColor(0)));
    const orange = png.find(near(seriesColor(1)));
    // a 2-pixel line across ~700 pixels of plot
    expect(blue.length).toBeGreaterThan(700);
    expect(orange.length).toBeGreaterThan(700);
    // at the last step the categorical mean (320) is drawn above the gaussian one (100): smaller y
    const rightmost = (pts: [number, number][]) => pts.filter(([x]) => x > 760 && x < 780).map(([, y]) => y);
    expect(Math.max(...rightmost(blue))).toBeLessThan(Math.min(...rightmost(orange)));
    // bands: the series colour at 22 % over white
    const band = (c: readonly number[]) => c.map((v) => Math.round(0.22 * v + 0.78 * 255));
    expect(png.find(near(band(seriesColor(0)))).length).toBeGreaterThan(5000);
    expect(png.find(near(band(seriesColor(1)))).length).toBeGreaterThan(5000);
    // the title's glyphs: dark pixels in the top strip, centred
    const title = png.find((p) => p[0]! < 100 && p[1]! < 100 && p[2]! < 100).filter(([x, y]) => y < 24 && x > 300 && x < 500);
    expect(title.length).toBeGreaterThan(100);
  });

  it('writes an interactive page that works offline: vega inlined, the spec with its data, nothing fetched', async () => {
    const root = syntheticRuns();
    const html = join(root, 'page', 'curves.html');
    expect((await plotRuns([root], { metric: METRIC, html })).written).toEqual([html]);
    const page = readFileSync(html, 'utf8');
    // (booleans, not toMatch: a failure would print the whole 0.5 MB page)
    expect(page.match(/<script[^>]*>/g)).toEqual(['<script>', '<script type="application/json" id="spec">', '<script>']);
    const skeleton = page.replace(/<script>\n\/\* vega[\s\S]*?<\/script>/, '');
    expect(skeleton.length).toBeLessThan(page.length - 400_000);
    expect(/<link|<img|<iframe|\burl\(|https?:/.test(skeleton.replace(/"\$schema":"[^"]*"/, ''))).toBe(false);
    expect(page.includes(`/* vega ${vega.version}, inlined`)).toBe(true);
    expect(page.includes('new vega.View(vega.parse(spec)')).toBe(true);
    // the page's own vega build (run here without a DOM) draws the page's spec: two mean lines, the pan/zoom and
    // legend-pick signals, and the rows of both configs
    const inlined = page.match(/<script>\n(\/\* vega[\s\S]*?)<\/script>/)![1]!;
    const sandbox = vm.createContext({ setTimeout, clearTimeout, console });
    vm.runInContext(inlined, sandbox);
    const pageVega = (sandbox as { vega: typeof vega }).vega;
    const spec = JSON.parse(page.match(/<script type="application\/json" id="spec">(.*)<\/script>/)![1]!) as vega.Spec;
    const view = new pageVega.View(pageVega.parse(spec), { renderer: 'none' });
    const svg = await view.toSVG();
    expect(svg.match(/class="mark-line role-mark mean_marks"/g)).toHaveLength(2);
    const signals = view.getState({ signals: pageVega.truthy, data: pageVega.falsy }).signals as Record<string, unknown>;
    expect(Object.keys(signals)).toEqual(expect.arrayContaining(['zoom', 'pick']));
    const rows = view.data('source_0') as { series: string; step: number }[];
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set(['model.latent=categorical (3 seeds)', 'model.latent=gaussian (3 seeds)']));
    expect(rows.filter((r) => r.series.includes('gaussian')).map((r) => r.step)).toEqual([0, 500, 1000, 1500, 2000]);
    view.finalize();
  });
});

/** Reads an 8-bit RGB or RGBA, non-interlaced PNG, checking every chunk's CRC. */
function decodePng(bytes: Buffer): { width: number; height: number; pixel(x: number, y: number): number[]; find(test: (rgb: number[]) => boolean): [number, number][] } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('ascii', pos + 4, pos + 8);
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    expect(bytes.readUInt32BE(pos + 8 + length)).toBe(crc32(bytes.subarray(pos + 4, pos + 8 + length)));
    if (type === 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      expect([data[8], data[12]]).toEqual([8, 0]); // 8 bits, not interlaced
      channels = { 2: 3, 6: 4 }[data[9]!] ?? 0;
      expect(channels).toBeGreaterThan(0);
    }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  const raw = unfilter(inflateSync(Buffer.concat(idat)), width, height, channels);
  const pixel = (x: number, y: number): number[] => [...raw.subarray((y * width + x) * channels, (y * width + x) * channels + 3)];
  const find = (test: (rgb: number[]) => boolean): [number, number][] => {
    const hits: [number, number][] = [];
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (test(pixel(x, y))) hits.push([x, y]);
    return hits;
  };
  return { width, height, pixel, find };
}

/** Undoes PNG's per-row filters (none, sub, up, average, Paeth), as any PNG decoder must. */
function unfilter(data: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  expect(data.length).toBe((stride + 1) * height);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = data[y * (stride + 1) + 1 + i]!;
      const a = i >= bpp ? out[y * stride + i - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      out[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return out;
}

/** Bitwise CRC-32 (polynomial 0xEDB88320), independent of node:zlib used by the encoder. */
function crc32(buf: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
