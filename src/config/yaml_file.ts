import { readFileSync } from 'node:fs';
import { LineCounter, isCollection, isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { ConfigError } from '../util/errors.js';

/** A YAML config file read into plain data, with the line of every key and the comment that documents it. */
export interface YamlFile {
  path: string;
  data: Record<string, unknown>;
  /** dotted key → 1-based line of the key in the file */
  lines: Map<string, number>;
  /** dotted key → its doc: the comment at the end of its line, else the comment lines right above it */
  docs: Map<string, string>;
  /** keys whose value is written as a float literal (`32.0`, `1e-4`): YAML drops the `.0`, the schema needs it */
  floatLiterals: Set<string>;
}

interface KeyWalk {
  text: string;
  textLines: string[];
  lineCounter: LineCounter;
  file: YamlFile;
}

export function readYamlFile(path: string): YamlFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}. Check the path.`);
  }
  return parseYamlText(text, path);
}

/** Parses config text; syntax errors name the file, line and column. */
export function parseYamlText(text: string, path: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const what = first.message.split('\n')[0];
    throw new ConfigError(`${path}:${pos.line}:${pos.col}: YAML syntax error: ${what}. Fix the YAML at that line.`);
  }
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data) || data === null) {
    throw new ConfigError(`${path}: a config file must be a mapping of keys (like \`run:\`), not ${describeValue(data)}.`);
  }
  const file: YamlFile = { path, data: data as Record<string, unknown>, lines: new Map(), docs: new Map(), floatLiterals: new Set() };
  collectKeys(doc.contents, '', { text, textLines: text.split(/\r?\n/), lineCounter, file });
  return file;
}

function collectKeys(node: YamlNode | null, prefix: string, walk: KeyWalk): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const key = prefix + String(pair.key.value);
    const line = walk.lineCounter.linePos(pair.key.range[0]).line;
    walk.file.lines.set(key, line);
    const value = pair.value;
    const trailing = isScalar(value) || isFlowCollection(value) ? value.comment : undefined;
    const doc = trailing?.trim() || commentAbove(walk.textLines, line);
    if (doc) walk.file.docs.set(key, doc);
    if (isScalar(value) && typeof value.value === 'number' && value.range) {
      if (/[.eE]/.test(walk.text.slice(value.range[0], value.range[1]))) walk.file.floatLiterals.add(key);
    }
    collectKeys(value as YamlNode | null, `${key}.`, walk);
  }
}

function isFlowCollection(node: unknown): node is { comment?: string | null } {
  return isCollection(node) && node.flow === true;
}

/** The contiguous `#` lines right above `line` (1-based), joined; a blank line ends the block. */
function commentAbove(textLines: string[], line: number): string {
  const parts: string[] = [];
  for (let i = line - 2; i >= 0; i--) {
    const t = (textLines[i] ?? '').trim();
    if (!t.startsWith('#')) break;
    parts.unshift(t.replace(/^#+\s?/, ''));
  }
  return parts.join(' ').trim();
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
