import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../util/errors.js';
import { configsDir } from './paths.js';
import { closestKey } from './suggest.js';
import { readYamlFile, type YamlFile } from './yaml_file.js';

/** The key a preset uses to stack on another preset (`base: cartpole` or `base: [a, b]`). */
export const BASE_KEY = 'base';

/** `cartpole` → configs/cartpole.yaml; anything with a slash or a .yaml/.yml ending is a path. */
export function resolvePreset(ref: string, relativeTo: string = process.cwd()): string {
  if (looksLikePath(ref)) {
    const path = isAbsolute(ref) ? ref : resolve(relativeTo, ref);
    if (!existsSync(path)) throw new ConfigError(`config file ${path} does not exist. Check the path, or name a preset: ${presetNames().join(', ')}.`);
    return path;
  }
  const path = join(configsDir(), `${ref}.yaml`);
  if (existsSync(path)) return path;
  const guess = closestKey(ref, presetNames());
  const hint = guess ? `did you mean \`${guess}\`? ` : '';
  throw new ConfigError(`unknown config preset \`${ref}\`: ${hint}Presets: ${presetNames().join(', ')} (or give a path to a .yaml file).`);
}

export function presetNames(): string[] {
  return readdirSync(configsDir())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** The files a preset stands for, its bases first (depth first, in the order named), itself last. */
export function readPresetChain(ref: string, relativeTo?: string, visiting: string[] = []): YamlFile[] {
  const path = resolvePreset(ref, relativeTo);
  if (visiting.includes(path)) {
    throw new ConfigError(`config presets form a cycle: ${[...visiting, path].join(' -> ')}. Remove one \`base:\`.`);
  }
  const file = readYamlFile(path);
  const chain: YamlFile[] = [];
  for (const base of baseRefs(file)) chain.push(...readPresetChain(base, dirname(path), [...visiting, path]));
  chain.push(file);
  return chain;
}

function baseRefs(file: YamlFile): string[] {
  const base = file.data[BASE_KEY];
  if (base === undefined || base === null) return [];
  const refs = Array.isArray(base) ? base : [base];
  if (!refs.every((r): r is string => typeof r === 'string')) {
    throw new ConfigError(`${file.path}:${file.lines.get(BASE_KEY)}: \`base\` must name a preset or a list of presets, e.g. \`base: cartpole\`.`);
  }
  return refs;
}

function looksLikePath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.ya?ml$/i.test(ref);
}
