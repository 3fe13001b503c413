import { createHash } from 'node:crypto';
import { loadConfig, type Config } from '../config/index.js';
import { ConfigError } from '../util/errors.js';
import type { Distribution, SweepSpec } from './spec.js';

/** One trial of a sweep: a point of the search crossed with a seed. */
export interface Trial {
  /** stable from the point and the seed: `<readable part>-s<seed>-<hash>`; names its folder `<out>/<id>` */
  id: string;
  /** the point this trial belongs to (the id without the seed), for the summary */
  pointId: string;
  /** the searched values of this point (grid and random), by dotted key */
  point: Record<string, unknown>;
  seed: number;
  /** everything the trial overrides on top of the base: `set`, then the point, then run.seed */
  overrides: Record<string, unknown>;
}

/** Significant digits kept of a drawn float: ids and overrides stay readable, the search loses nothing real. */
const DRAWN_DIGITS = 6;
const HASH_CHARS = 6;
const MAX_READABLE_CHARS = 48;

/** Every trial of a sweep: grid points × random draws × seeds, in that order. */
export function expandTrials(spec: SweepSpec): Trial[] {
  const points = crossProduct(gridPoints(spec.grid), randomPoints(spec.random));
  return points.flatMap((point) =>
    spec.seeds.map((seed) => {
      const pointId = idOf(point, undefined);
      return { id: idOf(point, seed), pointId, point, seed, overrides: { ...spec.set, ...point, 'run.seed': seed } };
    }),
  );
}

/** Each trial's config through loadConfig, so a bad value fails the sweep before any trial runs. */
export function validateTrials(spec: SweepSpec, trials: readonly Trial[]): Map<string, Config> {
  const configs = new Map<string, Config>();
  const problems: string[] = [];
  for (const trial of trials) {
    try {
      configs.set(trial.id, loadConfig({ config: spec.base, overrides: overrideArgs(trial.overrides) }));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(`trial ${trial.id}: ${err.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`${problems.length} of ${trials.length} trials have a bad config; nothing was run:\n${problems.slice(0, 5).join('\n')}${problems.length > 5 ? '\n...' : ''}`);
  return configs;
}

/** `key=value` arguments of `dreamer train`; the value is JSON, which the override parser reads as YAML. */
export function overrideArgs(overrides: Record<string, unknown>): string[] {
  return Object.entries(overrides).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
}

function gridPoints(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid)) points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  return points;
}

/** `trials` draws from the space with a seeded generator: the same file gives the same points. */
function randomPoints(random: SweepSpec['random']): Record<string, unknown>[] {
  if (!random) return [{}];
  const next = seededUniform(random.seed);
  return Array.from({ length: random.trials }, () => Object.fromEntries(Object.entries(random.space).map(([key, d]) => [key, draw(d, next)])));
}

export function draw(d: Distribution, next: () => number): unknown {
  const u = next();
  switch (d.kind) {
    case 'uniform':
      return round(d.low + u * (d.high - d.low));
    case 'log_uniform':
      return round(Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low))));
    case 'int':
      return d.low + Math.floor(u * (d.high - d.low + 1));
    case 'choice':
      return d.values[Math.floor(u * d.values.length)];
  }
}

function round(x: number): number {
  return Number(x.toPrecision(DRAWN_DIGITS));
}

/** A small 32-bit generator (an xorshift-multiply mix of a Weyl sequence), uniform in [0, 1). */
export function seededUniform(seed: number): () => number {
  let state = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 2 ** 32;
  };
}

function crossProduct(a: Record<string, unknown>[], b: Record<string, unknown>[]): Record<string, unknown>[] {
  return a.flatMap((x) => b.map((y) => ({ ...x, ...y })));
}

/**
 * `lr=0.0003-env.id=CartPole-v1-s0-3fa2c1`: the last part of each key with its value (for a reader), the seed, and
 * a hash of the full point and seed (so two points never share a folder even when the readable part is cut).
 */
function idOf(point: Record<string, unknown>, seed: number | undefined): string {
  const entries = Object.entries(point).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const readable = entries
    .map(([k, v]) => `${shortKey(k)}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('-')
    .replace(/[^A-Za-z0-9_.=+-]+/g, '_')
    .slice(0, MAX_READABLE_CHARS);
  const hash = createHash('sha256').update(JSON.stringify([entries, seed ?? null])).digest('hex').slice(0, HASH_CHARS);
  return [readable || 'base', ...(seed === undefined ? [] : [`s${seed}`]), hash].join('-');
}

/** The last part of a dotted key (`agent.model.lr` -> `lr`), with its section when it is too short to read (`env.id`). */
function shortKey(key: string): string {
  const parts = key.split('.');
  const last = parts.at(-1)!;
  return last.length <= 2 && parts.length > 1 ? parts.slice(-2).join('.') : last;
}
