import { ConfigError } from '../util/errors.js';
import { importUserFile, importUserModule, parseUserEnvRef } from '../env/load-user-env.js';
import { Box } from '../env/spaces/box.js';
import type { Space } from '../env/spaces/space.js';

/** Imports files/modules named by `--import` so that the ids they register can be listed or checked. */
export async function importEnvSources(sources: string[]): Promise<void> {
  for (const source of sources) {
    const looksLikeFile = parseUserEnvRef(`${source}:x`)?.kind === 'file';
    await (looksLikeFile ? importUserFile(source) : importUserModule(source));
  }
}

/** Parses `--kwargs '{"suttonBartoReward": true}'`. */
export function parseKwargsOption(text: unknown): Record<string, unknown> {
  if (text === undefined || text === '') return {};
  try {
    const parsed: unknown = JSON.parse(String(text));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new ConfigError(`--kwargs must be a JSON object such as '{"suttonBartoReward": true}', got ${String(text)}.`);
}

/** A one-line description: Box bounds are shown only when they are the same for every element. */
export function describeSpace(space: Space<unknown>): string {
  if (space instanceof Box) {
    const full = space.toString();
    return full.includes('[') ? `Box(${JSON.stringify(space.shape).replace('[', '(').replace(']', ',)')}, ${space.dtype})` : full;
  }
  return String(space);
}
