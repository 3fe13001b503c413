import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseUserEnvRef } from '../env/load-user-env.js';
import type { FlatConfig } from './merge.js';

/** Where a layer's relative env file path is resolved: a YAML file's folder, or the current folder for overrides. */
export interface EnvPathBase {
  dir: string;
  /**
   * For YAML files: also try the current folder when the file is not beside the YAML (run folders written before
   * env paths were stored absolute, and presets written relative to the folder they are run from).
   */
  fallbackDir?: string;
}

/**
 * `./reacher.ts:Reacher` → `/abs/dir/reacher.ts:Reacher`; registered ids, module ids and absolute paths are
 * returned unchanged. A run stores the absolute form, so `eval --checkpoint` works from any folder.
 */
export function absoluteEnvId(id: string, base: EnvPathBase): string {
  const ref = parseUserEnvRef(id);
  if (ref?.kind !== 'file' || path.isAbsolute(ref.file)) return id;
  let file = path.resolve(base.dir, ref.file);
  if (!existsSync(file) && base.fallbackDir !== undefined && existsSync(path.resolve(base.fallbackDir, ref.file))) {
    file = path.resolve(base.fallbackDir, ref.file);
  }
  return `${file}:${ref.exportName}`;
}

/**
 * After a layer that set `env.id`: makes a relative env file path absolute against the layer's base and keeps the
 * path as typed in `env.id_as_typed` (for display). A layer that sets `env.id_as_typed` itself (a run's saved
 * config.yaml) is taken as written.
 */
export function pinEnvPath(flat: FlatConfig, layerData: Record<string, unknown>, base: EnvPathBase): void {
  const env = layerData.env;
  if (typeof env !== 'object' || env === null) return;
  const { id, id_as_typed: typed } = env as { id?: unknown; id_as_typed?: unknown };
  if (typeof id !== 'string' || typed !== undefined) return;
  const absolute = absoluteEnvId(id, base);
  flat.values.set('env.id', absolute);
  flat.values.set('env.id_as_typed', absolute === id ? '' : id);
  flat.sources.set('env.id_as_typed', flat.sources.get('env.id') ?? 'env.id');
}
