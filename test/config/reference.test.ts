import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSchema } from '../../src/config/index.js';
import { renderConfigReference } from '../../src/config/reference.js';

describe('docs/configs.md', () => {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'configs.md'), 'utf8');

  it('is up to date with the schema (regenerate: npx tsx src/config/write-reference.ts)', () => {
    expect(text).toBe(renderConfigReference(getSchema()));
  });

  it('has a row for every key with its default', () => {
    for (const entry of getSchema().entries.values()) {
      expect(text).toContain(`| \`${entry.key}\` | ${entry.type}`);
      expect(text).toContain(`\`${JSON.stringify(entry.default)}\``);
    }
  });
});
