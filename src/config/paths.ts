import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../util/errors.js';

/** How many folders up from this module the package root may be (src/config or dist/src/config). */
const MAX_LEVELS_UP = 5;

/**
 * The folder holding `defaults.yaml` and the presets. This module runs from `src/config/` (tsx, vitest) and from
 * `dist/src/config/` (the built CLI), so the package root is found by walking up rather than by a fixed `../..`.
 */
export function configsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i <= MAX_LEVELS_UP; i++) {
    const candidate = join(dir, 'configs');
    if (existsSync(join(candidate, 'defaults.yaml'))) return candidate;
    dir = dirname(dir);
  }
  throw new ConfigError(
    `configs/defaults.yaml not found above ${fileURLToPath(import.meta.url)}: the package is incomplete; reinstall dreamer-ts (its configs/ folder ships with it)`,
  );
}

export function defaultsPath(): string {
  return join(configsDir(), 'defaults.yaml');
}
