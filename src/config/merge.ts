import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../util/errors.js';
import { checkValue } from './check_value.js';
import { isPlainObject, type Schema } from './schema.js';
import { closestKey } from './suggest.js';

/** One source of config values: a YAML file or one `key=value` override. */
export interface Layer {
  data: Record<string, unknown>;
  /** where a key was written, for messages: `configs/x.yaml:12` or "override `run.steps=abc`" */
  where(key: string): string;
  /** top-level keys this layer may hold besides the schema's (a preset's `base`) */
  extraKeys?: readonly string[];
}

/** The merged config as flat dotted keys, with where each value came from. */
export interface FlatConfig {
  values: Map<string, unknown>;
  sources: Map<string, string>;
}

/** Applies a layer over `flat`; unknown keys and misplaced sections are collected in `errors`. */
export function applyLayer(flat: FlatConfig, layer: Layer, schema: Schema, errors: string[]): void {
  walk(layer.data, '');

  function walk(data: Record<string, unknown>, prefix: string): void {
    for (const [name, value] of Object.entries(data)) {
      const key = prefix + name;
      if (prefix === '' && layer.extraKeys?.includes(name)) continue;
      if (schema.sections.has(key)) walkSection(key, value);
      else if (schema.entries.has(key)) setLeaf(key, value);
      else errors.push(unknownKeyMessage(key, layer.where(key), schema));
    }
  }

  function walkSection(key: string, value: unknown): void {
    if (value === null) return; // `agent:` with nothing under it
    if (isPlainObject(value)) walk(value, `${key}.`);
    else errors.push(`\`${key}\` is a section (${layer.where(key)}): set its keys below it, e.g. \`${firstKeyOf(key, schema)}\`.`);
  }

  function setLeaf(key: string, value: unknown): void {
    const previous = flat.values.get(key);
    const merged = isPlainObject(previous) && isPlainObject(value) ? deepMerge(previous, value) : value;
    flat.values.set(key, merged);
    flat.sources.set(key, layer.where(key));
  }
}

/** Checks every value against its schema entry; returns one message per problem. */
export function validateFlat(flat: FlatConfig, schema: Schema): string[] {
  const errors: string[] = [];
  for (const [key, entry] of schema.entries) {
    const problem = checkValue(entry, flat.values.get(key));
    if (problem) errors.push(`\`${key}\` ${problem} (${flat.sources.get(key)}).`);
  }
  return errors;
}

/** `run.steps=20000` → a layer `{ run: { steps: 20000 } }`; the value is parsed as YAML (`true`, `1e-4`, `[a, b]`). */
export function overrideLayer(override: string): Layer {
  const eq = override.indexOf('=');
  if (eq <= 0) {
    throw new ConfigError(`override \`${override}\` is not key=value: write e.g. \`run.steps=20000\`.`);
  }
  const key = override.slice(0, eq).trim();
  const text = override.slice(eq + 1);
  let value: unknown;
  try {
    value = text.trim() === '' ? '' : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`override \`${override}\`: the value is not valid YAML (${(err as Error).message.split('\n')[0]}). Quote it.`);
  }
  const data: Record<string, unknown> = {};
  setAtKey(data, key, value);
  return { data, where: () => `override \`${override}\`` };
}

/** Nested copy of `flat` ({ 'run.steps': 1 } → { run: { steps: 1 } }), sections kept even when empty. */
export function nestFlat(flat: FlatConfig, schema: Schema): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const key of schema.order) {
    if (schema.sections.has(key)) setAtKey(root, key, {});
    else setAtKey(root, key, structuredClone(flat.values.get(key)));
  }
  return root;
}

/** Sets `root.a.b.c = value` for key 'a.b.c', creating the mappings on the way. */
function setAtKey(root: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = root;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function unknownKeyMessage(key: string, where: string, schema: Schema): string {
  const guess = closestKey(key, [...schema.entries.keys(), ...schema.sections].filter((k) => k !== ''));
  const hint = guess ? ` Did you mean \`${guess}\`?` : '';
  return `unknown config key \`${key}\` (${where}).${hint} Every key is listed in ${schema.defaultsFile}.`;
}

function firstKeyOf(section: string, schema: Schema): string {
  const key = [...schema.entries.keys()].find((k) => k.startsWith(`${section}.`));
  return key ?? `${section}.<key>`;
}
