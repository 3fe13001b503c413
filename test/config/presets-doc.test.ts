import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetNames } from '../../src/config/presets.js';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'presets.md');

describe('docs/presets.md', () => {
  it('has one row per preset in configs/, and no row for a preset that does not exist', () => {
    const rows = [...readFileSync(DOC, 'utf8').matchAll(/^\| \[`([a-z_]+)`\]\(\.\.\/configs\/\1\.yaml\) \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(presetNames().filter((p) => p !== 'defaults').sort());
  });
});
