import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DreamerError } from '../util/errors.js';

/** One training run as the plots see it: its folder, resolved config and the points of one metric. */
export interface Run {
  dir: string;
  config: Record<string, unknown>;
  /** env steps, ascending */
  steps: number[];
  values: number[];
  /** every numeric metric key the run logged (to suggest one when the asked metric is missing) */
  metrics: string[];
}

const METRICS_FILE = 'metrics.jsonl';
const CONFIG_FILE = 'config.yaml';

/**
 * The run folders under each LOGDIR: the folder itself when it holds metrics.jsonl, else its direct
 * sub-folders that do (the seed folders `dreamer train --seeds N` writes).
 */
export function findRunDirs(logdirs: readonly string[]): string[] {
  return logdirs.flatMap((dir) => {
    if (!existsSync(dir)) throw new DreamerError(`log folder "${dir}" does not exist: pass the --logdir of a \`dreamer train\` run.`);
    if (existsSync(join(dir, METRICS_FILE))) return [dir];
    const children = readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((child) => statSync(child).isDirectory() && existsSync(join(child, METRICS_FILE)))
      .sort();
    if (children.length === 0) {
      throw new DreamerError(`no ${METRICS_FILE} in "${dir}" or its sub-folders: pass the --logdir of a \`dreamer train\` run.`);
    }
    return children;
  });
}

/** Reads one metric of a run; lines without it are skipped, and so is a torn last line (a killed run). */
export function loadRun(dir: string, metric: string): Run {
  const lines = readFileSync(join(dir, METRICS_FILE), 'utf8').split('\n');
  const steps: number[] = [];
  const values: number[] = [];
  const metrics = new Set<string>();
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const record = parseLine(line, i === lines.length - 1);
    if (record === undefined) return;
    for (const [k, v] of Object.entries(record)) if (typeof v === 'number' && k !== 'step' && k !== 'time') metrics.add(k);
    const value = record[metric];
    if (typeof value === 'number' && typeof record.step === 'number') {
      steps.push(record.step);
      values.push(value);
    } else if (record[metric] !== undefined && typeof record[metric] !== 'number') {
      throw new DreamerError(`${join(dir, METRICS_FILE)} line ${i + 1}: "${metric}" is not a number.`);
    }
  });
  return { dir, config: loadConfig(dir), ...sortByStep(steps, values), metrics: [...metrics].sort() };
}

function parseLine(line: string, isLast: boolean): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    if (isLast) return undefined;
    throw new DreamerError(`a line of metrics.jsonl is not JSON: ${line.slice(0, 60)}… Remove the broken line and plot again.`);
  }
}

function loadConfig(dir: string): Record<string, unknown> {
  const path = join(dir, CONFIG_FILE);
  if (!existsSync(path)) return { run: basename(dir) }; // no config: the run is its own group
  const parsed: unknown = parseYaml(readFileSync(path, 'utf8'));
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

function sortByStep(steps: number[], values: number[]): { steps: number[]; values: number[] } {
  const order = steps.map((_, i) => i).sort((a, b) => steps[a]! - steps[b]!);
  return { steps: order.map((i) => steps[i]!), values: order.map((i) => values[i]!) };
}
