import { describe, expect, it } from 'vitest';
import { loadConfig, presetNames } from '../../src/config/index.js';

describe('shipped presets', () => {
  const presets = presetNames().filter((n) => n !== 'defaults');

  it('include the cartpole preset `dreamer train` uses by default', () => {
    expect(presets).toContain('cartpole');
  });

  it.each(presets)('%s loads and validates', (name) => {
    expect(() => loadConfig({ config: name })).not.toThrow();
  });
});
