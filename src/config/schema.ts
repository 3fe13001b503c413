import { AGENT_ANNOTATIONS } from './agent.js';
import type { Annotation, ValueType } from './annotation.js';
import { defaultsPath } from './paths.js';
import { readYamlFile, type YamlFile } from './yaml_file.js';
import { ConfigError } from '../util/errors.js';

/**
 * The config schema: one entry per key, derived from configs/defaults.yaml (the single source of defaults and
 * their docs) plus the annotation table below (enums, minimums, and types a default cannot show).
 */
export interface SchemaEntry extends Annotation {
  /** dotted key, e.g. `run.train_ratio` */
  key: string;
  type: ValueType;
  default: unknown;
  /** one line of meaning, from the comment beside or above the key in defaults.yaml */
  doc: string;
}

export interface Schema {
  entries: Map<string, SchemaEntry>;
  /** dotted names of sections (mappings whose keys are schema keys): '', 'env', 'run', ... */
  sections: Set<string>;
  /** sections and keys in the order defaults.yaml lists them (for writing configs back out) */
  order: string[];
  /** where each default comes from, for messages */
  defaultsFile: string;
}

export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export const NATIVE_BLAS_CHOICES = ['auto', 'off'] as const;
export const LOG_SINKS = ['console', 'jsonl', 'csv', 'tensorboard'] as const;
export const CONSOLE_MODES = ['auto', 'bar', 'lines', 'off'] as const;
export const VECTORIZATION_MODES = ['sync', 'async'] as const;
export const ENV_OBS_MODES = ['state', 'pixels', 'pixels+state'] as const;

/** Constraints by dotted key; every key named here must exist in defaults.yaml (a test checks it). */
export const ANNOTATIONS: Readonly<Record<string, Annotation>> = {
  backend: { enum: BACKENDS },
  native_blas: { enum: NATIVE_BLAS_CHOICES },
  threads: { min: 0 },
  'env.num_envs': { min: 1 },
  'env.max_episode_steps': { type: 'int', nullable: true, min: -1 },
  'env.action_repeat': { min: 1 },
  'env.kwargs': { type: 'map' },
  'env.vectorization': { enum: VECTORIZATION_MODES },
  'env.eval_num_envs': { min: 1 },
  'env.obs': { enum: ENV_OBS_MODES },
  'env.image_size': { items: { type: 'int' } },
  'run.steps': { min: 0 },
  'run.seed': { min: 0 },
  'run.train_ratio': { min: 0 },
  'run.prefill': { min: 0 },
  'run.prefill_hold': { type: 'int', min: 1 },
  'run.eval_every': { min: 0 },
  'run.eval_episodes': { min: 0 },
  'run.log_every': { min: 1 },
  'run.checkpoint_every': { min: 0 },
  'run.keep_checkpoints': { min: 1 },
  'run.max_nonfinite_updates': { min: 1 },
  'run.gc_every': { min: 0 },
  'replay.capacity': { min: 1 },
  'replay.batch_size': { min: 1 },
  'replay.seq_len': { min: 1 },
  'log.sinks': { items: { type: 'string', enum: LOG_SINKS } },
  'log.console': { enum: CONSOLE_MODES },
  'log.line_interval': { min: 0 },
  ...Object.fromEntries(Object.entries(AGENT_ANNOTATIONS).map(([k, a]) => [`agent.${k}`, a])),
};

let cached: Schema | undefined;

/** The schema built from the packaged defaults.yaml (read once). */
export function getSchema(): Schema {
  cached ??= buildSchema(readYamlFile(defaultsPath()), ANNOTATIONS);
  return cached;
}

export function buildSchema(file: YamlFile, annotations: Readonly<Record<string, Annotation>>): Schema {
  const schema: Schema = { entries: new Map(), sections: new Set(['']), order: [], defaultsFile: file.path };
  addSection(schema, file, annotations, file.data, '');
  for (const key of Object.keys(annotations)) {
    if (!schema.entries.has(key)) throw new ConfigError(`schema annotation for \`${key}\`, which ${file.path} does not define: add the key to that file or drop the annotation`);
  }
  return schema;
}

function addSection(
  schema: Schema,
  file: YamlFile,
  annotations: Readonly<Record<string, Annotation>>,
  data: Record<string, unknown>,
  prefix: string,
): void {
  for (const [name, value] of Object.entries(data)) {
    const key = prefix + name;
    const annotation = annotations[key] ?? {};
    schema.order.push(key);
    if (isPlainObject(value) && annotation.type !== 'map') {
      schema.sections.add(key);
      addSection(schema, file, annotations, value, `${key}.`);
      continue;
    }
    const type = annotation.type ?? inferType(value, file.floatLiterals.has(key));
    if (!type) throw new ConfigError(`${file.path}:${file.lines.get(key)}: \`${key}: null\` needs a type in the schema annotations (or a non-null default to infer it from)`);
    schema.entries.set(key, { ...annotation, key, type, default: value, doc: file.docs.get(key) ?? '' });
  }
}

function inferType(value: unknown, writtenAsFloat: boolean): ValueType | undefined {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) && !writtenAsFloat ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
