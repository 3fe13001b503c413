import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { getSchema, presetNames } from '../config/index.js';
import { isPlainObject } from '../config/schema.js';
import { closestKey } from '../config/suggest.js';
import { readYamlFile } from '../config/yaml_file.js';
import { ConfigError } from '../util/errors.js';

/** A value drawn for one random-search trial. */
export type Distribution =
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'log_uniform'; low: number; high: number }
  | { kind: 'int'; low: number; high: number }
  | { kind: 'choice'; values: unknown[] };

export const DISTRIBUTIONS = ['uniform', 'log_uniform', 'int', 'choice'] as const;

/** A sweep file, checked and normalised: dotted config keys, seeds as a list. */
export interface SweepSpec {
  /** presets or absolute config paths, applied in order (as `dreamer train --config a --config b`) */
  base: string[];
  /** fixed overrides of every trial, by dotted key */
  set: Record<string, unknown>;
  /** the grid: every combination of these values */
  grid: Record<string, unknown[]>;
  /** random search, crossed with the grid; `seed` makes the draws repeatable */
  random?: { trials: number; seed: number; space: Record<string, Distribution> };
  /** run.seed of each trial, crossed with every point */
  seeds: number[];
  /** runs of one trial (the first and its retries) before it is reported failed */
  maxAttempts: number;
  /** what the summary reports: the metric ranked by, which way is better, and the env steps it is also read at */
  summary: SummarySpec;
}

export interface SummarySpec {
  metric: string;
  /** `max`: a higher value is better (returns); `min`: lower (losses) */
  mode: 'max' | 'min';
  steps: number[];
}

export const SWEEP_KEYS = ['base', 'set', 'grid', 'random', 'seeds', 'max_attempts', 'summary'] as const;
const SUMMARY_KEYS = ['metric', 'mode', 'steps'] as const;
export const DEFAULT_SUMMARY: SummarySpec = { metric: 'eval/return_mean', mode: 'max', steps: [] };
const RANDOM_KEYS = ['trials', 'space', 'seed'] as const;
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Keys a sweep sets itself: each trial's seed and run folder. */
const RESERVED_KEYS: Readonly<Record<string, string>> = {
  'run.seed': 'give seeds with the top-level `seeds:` (a count or a list)',
  'run.logdir': 'each trial runs in <out>/<trial id>; choose the sweep folder with --out',
};

/** Reads and checks a sweep file; every problem is reported together in one ConfigError. */
export function readSweepFile(path: string): SweepSpec {
  if (!existsSync(path)) throw new ConfigError(`sweep file ${path} does not exist: pass the path of a sweep YAML file (docs/sweeps.md shows its shape).`);
  const file = readYamlFile(path);
  const where = (key: string): string => `${path}:${file.lines.get(key) ?? '?'}`;
  return parseSweep(file.data, { where, dir: dirname(resolve(path)), name: path });
}

export interface SweepSource {
  /** `file:line` of a dotted key, for messages */
  where(key: string): string;
  /** folder a relative base path is resolved against */
  dir: string;
  /** the file's name, for messages */
  name: string;
}

/** Checks sweep data (a parsed YAML mapping) against the sweep shape and the config schema. */
export function parseSweep(data: Record<string, unknown>, src: SweepSource): SweepSpec {
  const errors: string[] = [];
  for (const key of Object.keys(data)) {
    if ((SWEEP_KEYS as readonly string[]).includes(key)) continue;
    const guess = closestKey(key, SWEEP_KEYS);
    errors.push(`unknown sweep key \`${key}\` (${src.where(key)}).${guess ? ` Did you mean \`${guess}\`?` : ''} A sweep file has: ${SWEEP_KEYS.join(', ')}.`);
  }
  const base = parseBase(data.base, src, errors);
  const set = configKeys(data.set ?? {}, 'set', src, errors);
  const grid: Record<string, unknown[]> = {};
  for (const [key, values] of Object.entries(configKeys(data.grid ?? {}, 'grid', src, errors))) {
    if (!Array.isArray(values) || values.length === 0) {
      errors.push(`grid key \`${key}\` (${src.where(`grid.${key}`)}) needs a non-empty list of values, e.g. \`${key}: [a, b]\`.`);
    } else grid[key] = values;
  }
  const random = data.random === undefined || data.random === null ? undefined : parseRandom(data.random, src, errors);
  const seeds = parseSeeds(data.seeds, src, errors);
  const maxAttempts = data.max_attempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || (maxAttempts as number) < 1) {
    errors.push(`\`max_attempts: ${String(maxAttempts)}\` (${src.where('max_attempts')}) must be a whole number >= 1 (1: no retries).`);
  }
  const summary = parseSummary(data.summary, src, errors);
  checkOverlaps({ set, grid, space: random?.space ?? {} }, errors);
  if (errors.length > 0) throw new ConfigError(`${src.name}: ${errors.length === 1 ? errors[0] : `\n${errors.join('\n')}`}`);
  return { base, set, grid, ...(random && { random }), seeds, maxAttempts: maxAttempts as number, summary };
}

/** `summary: { metric: eval/return_mean, mode: max, steps: [10000, 20000] }`, every key optional. */
function parseSummary(value: unknown, src: SweepSource, errors: string[]): SummarySpec {
  if (value === undefined || value === null) return DEFAULT_SUMMARY;
  if (!isPlainObject(value)) {
    errors.push(`\`summary\` (${src.where('summary')}) must be a mapping, e.g. \`summary: { metric: eval/return_mean, steps: [10000, 20000] }\`.`);
    return DEFAULT_SUMMARY;
  }
  for (const key of Object.keys(value)) {
    if ((SUMMARY_KEYS as readonly string[]).includes(key)) continue;
    const guess = closestKey(key, SUMMARY_KEYS);
    errors.push(`unknown key \`summary.${key}\` (${src.where(`summary.${key}`)}).${guess ? ` Did you mean \`summary.${guess}\`?` : ''} \`summary\` has: ${SUMMARY_KEYS.join(', ')}.`);
  }
  const { metric = DEFAULT_SUMMARY.metric, mode = DEFAULT_SUMMARY.mode, steps = [] } = value;
  if (typeof metric !== 'string' || metric === '') errors.push(`\`summary.metric\` (${src.where('summary.metric')}) must name a metric of metrics.jsonl, e.g. eval/return_mean.`);
  if (mode !== 'max' && mode !== 'min') errors.push(`\`summary.mode: ${String(mode)}\` (${src.where('summary.mode')}) must be max (higher is better) or min (lower is better).`);
  const okSteps = Array.isArray(steps) && steps.every((x) => Number.isInteger(x) && (x as number) > 0);
  if (!okSteps) errors.push(`\`summary.steps\` (${src.where('summary.steps')}) must be a list of env steps (whole numbers > 0), e.g. [10000, 20000].`);
  return { metric: String(metric), mode: mode === 'min' ? 'min' : 'max', steps: okSteps ? [...new Set(steps as number[])].sort((a, b) => a - b) : [] };
}

function parseBase(value: unknown, src: SweepSource, errors: string[]): string[] {
  if (value === undefined || value === null) {
    errors.push(`no \`base:\` (${src.name}): name the config every trial starts from, a preset (${presetNames().join(', ')}) or a YAML path.`);
    return [];
  }
  const refs = Array.isArray(value) ? value : [value];
  if (!refs.every((r): r is string => typeof r === 'string' && r !== '')) {
    errors.push(`\`base\` (${src.where('base')}) must name a preset or config path, or a list of them, e.g. \`base: cartpole\`.`);
    return [];
  }
  // A path is made absolute against the sweep file's folder, so the trials find it from any working folder.
  return refs.map((r) => (/[\\/]/.test(r) || /\.ya?ml$/i.test(r) ? (isAbsolute(r) ? r : resolve(src.dir, r)) : r));
}

/**
 * A mapping of config keys, dotted (`run.steps: 1`) or nested (`run: { steps: 1 }`), flattened to dotted keys;
 * a key the config schema does not have is named with the closest one it has.
 */
function configKeys(value: unknown, section: string, src: SweepSource, errors: string[]): Record<string, unknown> {
  if (!isPlainObject(value)) {
    errors.push(`\`${section}\` (${src.where(section)}) must be a mapping of config keys, e.g. \`${section}: { run.steps: 20000 }\`.`);
    return {};
  }
  const schema = getSchema();
  const out: Record<string, unknown> = {};
  const walk = (data: Record<string, unknown>, prefix: string): void => {
    for (const [name, v] of Object.entries(data)) {
      const key = prefix + name;
      const at = src.where(`${section}.${key}`);
      if (schema.sections.has(key) && isPlainObject(v)) walk(v, `${key}.`);
      else if (RESERVED_KEYS[key]) errors.push(`\`${section}\` sets \`${key}\` (${at}): the sweep sets it; ${RESERVED_KEYS[key]}.`);
      else if (schema.entries.has(key)) out[key] = v;
      else {
        const guess = closestKey(key, schema.entries.keys());
        errors.push(`\`${section}\` names \`${key}\` (${at}), which is not a config key.${guess ? ` Did you mean \`${guess}\`?` : ''} Every key is listed in ${schema.defaultsFile}.`);
      }
    }
  };
  walk(value, '');
  return out;
}

function parseRandom(value: unknown, src: SweepSource, errors: string[]): SweepSpec['random'] {
  if (!isPlainObject(value)) {
    errors.push(`\`random\` (${src.where('random')}) must be a mapping: \`random: { trials: 8, space: { KEY: { uniform: [LOW, HIGH] } } }\`.`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if ((RANDOM_KEYS as readonly string[]).includes(key)) continue;
    const guess = closestKey(key, RANDOM_KEYS);
    errors.push(`unknown key \`random.${key}\` (${src.where(`random.${key}`)}).${guess ? ` Did you mean \`random.${guess}\`?` : ''} \`random\` has: ${RANDOM_KEYS.join(', ')}.`);
  }
  const { trials, seed = 0 } = value;
  if (!Number.isInteger(trials) || (trials as number) < 1) errors.push(`\`random.trials\` (${src.where('random.trials')}) must be a whole number >= 1: how many points to draw.`);
  if (!Number.isInteger(seed) || (seed as number) < 0) errors.push(`\`random.seed\` (${src.where('random.seed')}) must be a whole number >= 0.`);
  const space: Record<string, Distribution> = {};
  for (const [key, dist] of Object.entries(configKeys(value.space ?? {}, 'random.space', src, errors))) {
    const parsed = parseDistribution(key, dist, src.where(`random.space.${key}`), errors);
    if (parsed) space[key] = parsed;
  }
  if (Object.keys(space).length === 0 && errors.length === 0) errors.push(`\`random.space\` (${src.where('random')}) names no keys to draw: add e.g. \`space: { agent.model.lr: { log_uniform: [1.0e-4, 1.0e-3] } }\`.`);
  return { trials: trials as number, seed: seed as number, space };
}

/** `{ uniform: [lo, hi] }`, `{ log_uniform: [lo, hi] }` (0 < lo), `{ int: [lo, hi] }` (inclusive), `{ choice: [a, b, ...] }`. */
function parseDistribution(key: string, value: unknown, where: string, errors: string[]): Distribution | undefined {
  const shape = `one of ${DISTRIBUTIONS.map((d) => `{ ${d}: ${d === 'choice' ? '[a, b, ...]' : '[LOW, HIGH]'} }`).join(', ')}`;
  const entries = isPlainObject(value) ? Object.entries(value) : [];
  if (entries.length !== 1) {
    errors.push(`random.space \`${key}\` (${where}) must be ${shape}.`);
    return undefined;
  }
  const [kind, args] = entries[0]!;
  if (!(DISTRIBUTIONS as readonly string[]).includes(kind)) {
    const guess = closestKey(kind, DISTRIBUTIONS);
    errors.push(`random.space \`${key}\` (${where}): unknown distribution \`${kind}\`.${guess ? ` Did you mean \`${guess}\`?` : ''} Use ${shape}.`);
    return undefined;
  }
  if (kind === 'choice') {
    if (Array.isArray(args) && args.length > 0) return { kind, values: args };
    errors.push(`random.space \`${key}\` (${where}): \`choice\` needs a non-empty list of values.`);
    return undefined;
  }
  const pair = Array.isArray(args) && args.length === 2 && args.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (args as [number, number]) : undefined;
  const [low, high] = pair ?? [Number.NaN, Number.NaN];
  if (!pair || !(low < high) || (kind === 'log_uniform' && low <= 0) || (kind === 'int' && !(Number.isInteger(low) && Number.isInteger(high)))) {
    const need = kind === 'log_uniform' ? '0 < LOW < HIGH' : kind === 'int' ? 'whole numbers LOW < HIGH (both included)' : 'LOW < HIGH';
    errors.push(`random.space \`${key}\` (${where}): \`${kind}: ${JSON.stringify(args)}\` needs [LOW, HIGH] with ${need}.`);
    return undefined;
  }
  return { kind: kind as 'uniform' | 'log_uniform' | 'int', low, high };
}

function parseSeeds(value: unknown, src: SweepSource, errors: string[]): number[] {
  if (value === undefined || value === null) return [0];
  if (Number.isInteger(value) && (value as number) >= 1) return Array.from({ length: value as number }, (_, i) => i);
  const ok = Array.isArray(value) && value.length > 0 && value.every((s) => Number.isInteger(s) && (s as number) >= 0) && new Set(value).size === value.length;
  if (ok) return value as number[];
  errors.push(`\`seeds: ${JSON.stringify(value)}\` (${src.where('seeds')}) must be a count (\`seeds: 3\` means 0, 1, 2) or a list of distinct whole numbers >= 0.`);
  return [];
}

/** A key may be fixed, gridded or drawn, not two of them: the sweep would not say which value wins. */
function checkOverlaps(parts: Record<'set' | 'grid' | 'space', Record<string, unknown>>, errors: string[]): void {
  const names = { set: 'set', grid: 'grid', space: 'random.space' };
  const seen = new Map<string, string>();
  for (const [part, keys] of Object.entries(parts) as [keyof typeof names, Record<string, unknown>][]) {
    for (const key of Object.keys(keys)) {
      const before = seen.get(key);
      if (before) errors.push(`\`${key}\` is in both \`${before}\` and \`${names[part]}\`: keep it in one.`);
      else seen.set(key, names[part]);
    }
  }
}
