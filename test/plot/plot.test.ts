import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { meanCurve } from '../../src/plot/aggregate.js';
import { seriesColor } from '../../src/plot/figure.js';
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

  it('skips a torn last line and reports a missing folder or metric with the fix', () => {
    const root = syntheticRuns();
    const path = join(root, 'cat-0', 'metrics.jsonl');
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"step": 3000, "eval/ret`);
    expect(loadRun(join(root, 'cat-0'), METRIC).steps).toEqual([0, 1000, 2000]);
    expect(() => findRunDirs([join(root, 'missing')])).toThrow(/does not exist: pass the --logdir/);
    expect(() => plotRuns([root], { metric: 'nope', out: join(root, 'x.svg') })).toThrow(DreamerError);
    expect(() => plotRuns([root], { metric: 'nope', out: join(root, 'x.svg') })).toThrow(/no "nope" values in the 6 run\(s\) .*--metric \(eval\/return_mean, loss\/rep\)/);
    expect(() => plotRuns([root], { metric: METRIC, out: join(root, 'x.jpg') })).toThrow(/must end in .png or .svg/);
  });
});

describe('plotRuns', () => {
  it('writes an SVG with one mean line and one band per config, ticks, labels and a legend', () => {
    const root = syntheticRuns();
    const out = join(root, 'fig', 'curves.svg');
    plotRuns([root], { metric: METRIC, out });
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="800" height="500"/);
    expect(svg.match(/class="mean"/g)).toHaveLength(2);
    expect(svg.match(/class="band"/g)).toHaveLength(2);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(expect.arrayContaining(['env steps', METRIC, '0', '1k', '2k', 'model.latent=categorical (3 seeds)', 'model.latent=gaussian (3 seeds)']));
    // colours: the first config's mean in the first palette colour
    expect(svg).toMatch(/class="mean" d="[^"]*" fill="none" stroke="#1f77b4"/);
  });

  it('writes a PNG of the same drawing: right size, and the mean line pixels in the series colour', () => {
    const root = syntheticRuns();
    const svgPath = join(root, 'c.svg');
    const pngPath = join(root, 'c.png');
    plotRuns([root], { metric: METRIC, out: svgPath });
    plotRuns([root], { metric: METRIC, out: pngPath });
    const png = decodePng(readFileSync(pngPath));
    expect([png.width, png.height]).toEqual([800, 500]);
    // the middle vertex (step 1000) of the second mean line (gaussian) in the SVG, looked up in the PNG
    const means = [...readFileSync(svgPath, 'utf8').matchAll(/class="mean" d="M[\d.]+,[\d.]+ L[\d.]+,[\d.]+ L([\d.]+),([\d.]+)/g)];
    const [x, y] = [Math.floor(Number(means[1]![1])), Math.floor(Number(means[1]![2]))];
    expect(png.pixel(x, y)).toEqual([...seriesColor(1)]);
  });
});

/** Reads an 8-bit RGB, non-interlaced PNG (what encodePng writes), checking every chunk's CRC. */
function decodePng(bytes: Buffer): { width: number; height: number; pixel(x: number, y: number): number[] } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let pos = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (pos < bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('ascii', pos + 4, pos + 8);
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    expect(bytes.readUInt32BE(pos + 8 + length)).toBe(crc32(bytes.subarray(pos + 4, pos + 8 + length)));
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IHDR') expect([data[8], data[9], data[12]]).toEqual([8, 2, 0]);
    if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3 + 1;
  expect(raw.length).toBe(stride * height);
  return { width, height, pixel: (x, y) => [...raw.subarray(y * stride + 1 + 3 * x, y * stride + 4 + 3 * x)] };
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
