import type { ValueType } from './annotation.js';
import type { SchemaEntry } from './schema.js';
import { isPlainObject } from './schema.js';
import { describeValue } from './yaml_file.js';

const TYPE_NAMES: Record<ValueType, string> = {
  int: 'an integer',
  float: 'a number',
  string: 'a string',
  bool: 'true or false',
  list: 'a list',
  map: 'a mapping',
};

/** Why `value` does not fit the key's schema entry, or undefined when it fits. */
export function checkValue(entry: SchemaEntry, value: unknown): string | undefined {
  if (value === null) return entry.nullable ? undefined : `must be ${expected(entry)}, got null`;
  if (!hasType(entry.type, value)) return `must be ${expected(entry)}, got ${describeValue(value)}`;
  if (typeof value === 'string' && entry.enum && !entry.enum.includes(value)) {
    return `must be one of ${entry.enum.join(' | ')}, got ${JSON.stringify(value)}`;
  }
  if (typeof value === 'number') return checkRange(entry, value);
  if (Array.isArray(value) && entry.items) return checkItems(entry.items, value);
  return undefined;
}

function hasType(type: ValueType, value: unknown): boolean {
  switch (type) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'list':
      return Array.isArray(value);
    case 'map':
      return isPlainObject(value);
  }
}

function checkRange(entry: SchemaEntry, value: number): string | undefined {
  if (entry.min !== undefined && value < entry.min) return `must be ${minText(entry.min)}, got ${value}`;
  if (entry.max !== undefined && value > entry.max) return `must be <= ${entry.max}, got ${value}`;
  return undefined;
}

function checkItems(items: NonNullable<SchemaEntry['items']>, list: unknown[]): string | undefined {
  for (const item of list) {
    if (items.type && !hasType(items.type, item)) return `must be a list whose items are each ${TYPE_NAMES[items.type]}, got ${describeValue(item)} in it`;
    if (items.enum && !items.enum.includes(String(item))) {
      return `may only contain ${items.enum.join(' | ')}, got ${JSON.stringify(item)}`;
    }
  }
  return undefined;
}

function expected(entry: SchemaEntry): string {
  const base = entry.enum ? `one of ${entry.enum.join(' | ')}` : TYPE_NAMES[entry.type];
  return entry.nullable ? `${base} or null` : base;
}

/** `>= 1`; the smallest positive double as a minimum means "strictly positive". */
export function minText(min: number): string {
  return min === Number.MIN_VALUE ? '> 0' : `>= ${min}`;
}
