import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { writeFileAtomic } from '../io/atomic.js';
import { ensureRunDir } from '../io/dirs.js';
import { ConfigError } from '../util/errors.js';
import { pinEnvPath } from './env-path.js';
import { applyLayer, nestFlat, overrideLayer, validateFlat, type FlatConfig, type Layer } from './merge.js';
import { BASE_KEY, readPresetChain } from './presets.js';
import { getSchema } from './schema.js';
import type { Config } from './types.js';
import type { YamlFile } from './yaml_file.js';

export interface LoadConfigArgs {
  /** preset name(s) (`cartpole` → configs/cartpole.yaml) or path(s) to YAML files, applied in order */
  config?: string | readonly string[];
  /** dotted `key=value` overrides applied last, e.g. `run.steps=20000` */
  overrides?: readonly string[];
}

/** Name of the resolved config written into every run folder. */
export const RESOLVED_CONFIG_FILE = 'config.yaml';

/**
 * defaults.yaml, then each preset (its `base:` chain first), then the overrides; the merged result is
 * validated against the schema before it is returned. All problems are reported together in one ConfigError.
 * A relative env file path (`env.id: ./my-env.ts:MyEnv`) is made absolute: against the YAML file's folder for a
 * preset or config file, against the current folder for an override (see ./env-path.ts).
 */
export function loadConfig(args: LoadConfigArgs = {}): Config {
  const schema = getSchema();
  const flat: FlatConfig = { values: new Map(), sources: new Map() };
  for (const [key, entry] of schema.entries) {
    flat.values.set(key, structuredClone(entry.default));
    flat.sources.set(key, `default in ${schema.defaultsFile}`);
  }
  const errors: string[] = [];
  const refs = typeof args.config === 'string' ? [args.config] : (args.config ?? []);
  for (const ref of refs) {
    for (const file of readPresetChain(ref)) {
      applyLayer(flat, fileLayer(file), schema, errors);
      // A run's own config.yaml is taken as written: its env path is absolute, or (runs from before paths were
      // stored absolute) relative to the folder it ran in, as its checkpoint's config says, so resume compares equal.
      if (!isRunConfig(file.path)) pinEnvPath(flat, file.data, { dir: dirname(file.path), fallbackDir: process.cwd() });
    }
  }
  for (const override of args.overrides ?? []) {
    const layer = overrideLayer(override);
    applyLayer(flat, layer, schema, errors);
    pinEnvPath(flat, layer.data, { dir: process.cwd() });
  }
  errors.push(...validateFlat(flat, schema));
  if (errors.length > 0) throw new ConfigError(errors.join('\n'));
  return nestFlat(flat, schema) as unknown as Config;
}

function fileLayer(file: YamlFile): Layer {
  return {
    data: file.data,
    where: (key) => `${file.path}:${file.lines.get(key) ?? '?'}`,
    extraKeys: [BASE_KEY],
  };
}

const RUN_CONFIG_HEADER = '# Resolved config of this run';

/** A config.yaml that `saveResolvedConfig` wrote into a run folder (it starts with the header of configToYaml). */
function isRunConfig(path: string): boolean {
  return readFileSync(path, 'utf8').startsWith(RUN_CONFIG_HEADER);
}

/** The YAML text of a resolved config; loading it back with `loadConfig({ config: path })` gives the same config. */
export function configToYaml(cfg: Config): string {
  return `${RUN_CONFIG_HEADER} (defaults + presets + overrides), written by dreamer-ts.\n${toYaml(cfg)}`;
}

/** Writes `<dir>/config.yaml` atomically (creating `dir`); returns its path. */
export function saveResolvedConfig(dir: string, cfg: Config): string {
  ensureRunDir(dir);
  const path = join(dir, RESOLVED_CONFIG_FILE);
  writeFileAtomic(path, configToYaml(cfg));
  return path;
}
