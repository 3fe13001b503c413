import { describe, expect, it } from 'vitest';
import { checkValue } from '../../src/config/check_value.js';

describe('minimum messages', () => {
  it('says "> 0" for strictly positive keys and ">= m" otherwise', () => {
    const entry = { key: 'agent.model.lr', type: 'float' as const, default: 1e-4, doc: 'lr' };
    expect(checkValue({ ...entry, min: Number.MIN_VALUE }, 0)).toBe('must be > 0, got 0');
    expect(checkValue({ ...entry, min: 1 }, 0)).toBe('must be >= 1, got 0');
    expect(checkValue({ ...entry, min: 1 }, 1)).toBeUndefined();
  });
});

describe('list item messages', () => {
  it('names the expected item type', () => {
    const entry = { key: 'log.sinks', type: 'list' as const, default: [], doc: 'sinks', items: { type: 'string' as const } };
    expect(checkValue(entry, ['jsonl', 3])).toBe('must be a list whose items are each a string, got number 3 in it');
    expect(checkValue(entry, 'jsonl')).toBe('must be a list, got string "jsonl"');
  });
});
