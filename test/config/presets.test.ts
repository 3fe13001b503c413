import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, presetNames } from '../../src/config/index.js';

const CONFIGS = join(import.meta.dirname, '..', '..', 'configs');

describe('shipped presets', () => {
  const presets = presetNames().filter((n) => n !== 'defaults');

  it('are the .yaml files of configs/', () => {
    expect(presets.length + 1).toBe(readdirSync(CONFIGS).filter((f) => f.endsWith('.yaml')).length);
  });

  it.each(presets)('%s loads and validates', (name) => {
    expect(() => loadConfig({ config: name })).not.toThrow();
  });
});
