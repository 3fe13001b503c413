import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ANNOTATIONS, getSchema } from '../../src/config/index.js';
import { buildSchema } from '../../src/config/schema.js';
import { closestKey, editDistance } from '../../src/config/suggest.js';
import { parseYamlText } from '../../src/config/yaml_file.js';
import { ConfigError } from '../../src/util/errors.js';

const DEFAULTS = join(import.meta.dirname, '..', '..', 'configs', 'defaults.yaml');

/** Leaves of the parsed YAML, found independently of src/config: empty mappings count as leaves. */
function leaves(data: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(data)) {
    const isSection = typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0;
    if (isSection) for (const [kk, vv] of leaves(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(prefix + k, v);
  }
  return out;
}

describe('schema and defaults.yaml', () => {
  const schema = getSchema();
  const text = readFileSync(DEFAULTS, 'utf8');
  const yamlLeaves = leaves(parse(text) as Record<string, unknown>);
  // `agent: {}` is an empty section until the agent fills it; everything else empty is a free-form map.
  yamlLeaves.delete('agent');

  it('has exactly the keys of defaults.yaml, with the same defaults', () => {
    expect([...schema.entries.keys()].sort()).toEqual([...yamlLeaves.keys()].sort());
    for (const [key, value] of yamlLeaves) expect(schema.entries.get(key)!.default, key).toEqual(value);
  });

  it('documents every key with a comment beside it or on the line above', () => {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      const m = /^\s*([a-z0-9_]+):\s*(.*)$/.exec(line);
      if (!m || m[2] === '') return; // a section header
      const documented = /\s#\s*\S/.test(m[2]!) || /^\s*#\s*\S/.test(lines[i - 1] ?? '');
      expect(documented, `defaults.yaml line ${i + 1}: ${line}`).toBe(true);
    });
    for (const entry of schema.entries.values()) expect(entry.doc.length, entry.key).toBeGreaterThan(10);
  });

  it('uses snake_case keys only', () => {
    for (const key of [...schema.entries.keys(), ...schema.sections]) expect(key).toMatch(/^([a-z][a-z0-9_]*(\.|$))*$/);
  });

  it('annotates only keys that exist, and gives every enum default a valid value', () => {
    for (const key of Object.keys(ANNOTATIONS)) expect(schema.entries.has(key), key).toBe(true);
    for (const entry of schema.entries.values()) {
      if (entry.enum) expect(entry.enum).toContain(entry.default);
    }
  });

  it('has the keys the issue names', () => {
    for (const key of ['env.id', 'env.num_envs', 'run.steps', 'run.seed', 'run.train_ratio', 'run.eval_every', 'run.eval_episodes', 'backend']) {
      expect(schema.entries.has(key), key).toBe(true);
    }
  });
});

describe('buildSchema', () => {
  it('infers types from defaults, floats from the literal, and reads trailing and preceding comments', () => {
    const file = parseYamlText('a:\n  # count of things\n  n: 3\n  r: 3.0  # a ratio\n  s: hi # text\n  f: false # flag\n', 'x.yaml');
    const schema = buildSchema(file, {});
    expect(schema.entries.get('a.n')).toMatchObject({ type: 'int', default: 3, doc: 'count of things' });
    expect(schema.entries.get('a.r')).toMatchObject({ type: 'float', default: 3, doc: 'a ratio' });
    expect(schema.entries.get('a.s')).toMatchObject({ type: 'string', doc: 'text' });
    expect(schema.entries.get('a.f')).toMatchObject({ type: 'bool', doc: 'flag' });
    expect([...schema.sections]).toEqual(['', 'a']);
  });

  it('needs an annotation for a null default, and refuses annotations of missing keys', () => {
    const file = parseYamlText('a: null # nothing\n', 'x.yaml');
    expect(() => buildSchema(file, {})).toThrow(/x\.yaml:1: `a: null` needs a type/);
    expect(() => buildSchema(file, {})).toThrow(ConfigError);
    expect(buildSchema(file, { a: { type: 'int', nullable: true } }).entries.get('a')!.type).toBe('int');
    expect(() => buildSchema(file, { a: { type: 'int', nullable: true }, b: { min: 0 } })).toThrow(/annotation for `b`/);
  });
});

describe('suggestions', () => {
  it('computes edit distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
  });

  it('suggests the nearest key, or none when nothing is close', () => {
    const keys = ['run.steps', 'run.seed', 'run.train_ratio', 'replay.seq_len'];
    expect(closestKey('run.stpes', keys)).toBe('run.steps');
    expect(closestKey('replay.seqlen', keys)).toBe('replay.seq_len');
    expect(closestKey('seq_len', keys)).toBe('replay.seq_len');
    expect(closestKey('completely.different', keys)).toBeUndefined();
  });
});
