import type { Run } from './runs.js';

/** Runs that differ only in their seed: one curve with a band across seeds. */
export interface RunGroup {
  label: string;
  runs: Run[];
}

/** Config keys that do not make two runs different experiments. */
const IGNORED_KEYS = new Set(['seed', 'logdir', 'log_dir']);
const MAX_LABEL_KEYS = 3;

/** Flattens a nested config to dotted keys, leaving out seeds and log folders. */
export function flattenConfig(config: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(config)) {
    if (IGNORED_KEYS.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of flattenConfig(value as Record<string, unknown>, path)) out.set(k, v);
    } else {
      out.set(path, JSON.stringify(value));
    }
  }
  return out;
}

/** Groups runs whose resolved configs are equal apart from the seed; labels name the keys that tell groups apart. */
export function groupRuns(runs: readonly Run[]): RunGroup[] {
  const byKey = new Map<string, { flat: Map<string, string>; runs: Run[] }>();
  for (const run of runs) {
    const flat = flattenConfig(run.config);
    const key = JSON.stringify([...flat].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const entry = byKey.get(key) ?? { flat, runs: [] };
    entry.runs.push(run);
    byKey.set(key, entry);
  }
  const entries = [...byKey.values()];
  const differing = differingKeys(entries.map((e) => e.flat));
  return entries.map((e) => ({ label: label(e.flat, differing, e.runs[0]!.dir), runs: e.runs }));
}

/** Keys that say what a run is, shown first in labels (a random baseline beside Dreamer reads `agent.kind=random`). */
const LEADING_KEYS = ['agent.kind', 'env.id'];

function differingKeys(configs: Map<string, string>[]): string[] {
  const keys = new Set(configs.flatMap((c) => [...c.keys()]));
  const rank = (k: string): number => (LEADING_KEYS.includes(k) ? LEADING_KEYS.indexOf(k) : LEADING_KEYS.length);
  const differing = [...keys].filter((k) => new Set(configs.map((c) => c.get(k))).size > 1).sort();
  return differing.sort((a, b) => rank(a) - rank(b));
}

function label(flat: Map<string, string>, differing: string[], dir: string): string {
  const envId = flat.get('env.id');
  if (differing.length === 0) return envId ? JSON.parse(envId) as string : dir;
  const shown = differing.slice(0, MAX_LABEL_KEYS).map((k) => `${k}=${unquote(flat.get(k))}`);
  if (differing.length > MAX_LABEL_KEYS) shown.push('...');
  return shown.join(', ');
}

function unquote(v: string | undefined): string {
  if (v === undefined) return '(unset)';
  const parsed: unknown = JSON.parse(v);
  return typeof parsed === 'string' ? parsed : v;
}
