import { registry } from './registry.js';
import type { EnvSpec } from './spec.js';

/** Columns Gymnasium's `pprint_registry` uses. */
const DEFAULT_COLUMNS = 3;

/**
 * Gymnasium's `pprint_registry`: the registered ids grouped by namespace ("===== ns =====") in columns.
 * Returns the text; prints it too unless `print` is false.
 */
export function pprintRegistry(opts: { columns?: number; print?: boolean; excludeNamespaces?: string[] } = {}): string {
  const byNamespace = new Map<string, EnvSpec[]>();
  for (const s of registry.values()) {
    const ns = s.namespace ?? 'default';
    if (opts.excludeNamespaces?.includes(ns)) continue;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), s]);
  }
  const columns = opts.columns ?? DEFAULT_COLUMNS;
  const blocks: string[] = [];
  for (const ns of [...byNamespace.keys()].sort()) {
    const ids = (byNamespace.get(ns) as EnvSpec[]).map((s) => s.id).sort();
    const width = Math.max(...ids.map((id) => id.length)) + 2;
    const lines: string[] = [];
    for (let i = 0; i < ids.length; i += columns) lines.push(ids.slice(i, i + columns).map((id) => id.padEnd(width)).join('').trimEnd());
    blocks.push(`${'='.repeat(5)} ${ns} ${'='.repeat(5)}\n${lines.join('\n')}`);
  }
  const text = blocks.join('\n\n');
  if (opts.print !== false) console.log(text);
  return text;
}
