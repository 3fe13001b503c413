import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CheckpointError } from '../../util/errors.js';
import { decodeArraysFile, decodeTensorsFile } from './formats.js';
import { isCheckpointDir, latestCheckpoint, listCheckpoints, MANIFEST_FILE, STEM_PATTERN } from './layout.js';
import type { LoadedCheckpoint, Manifest, NamedTensors, Tensor, TensorSpec } from './types.js';
import { MANIFEST_FORMAT, MANIFEST_VERSION } from './types.js';
import { checkTensorSpecs } from '../../io/validate.js';
import { sha256 } from './write.js';

export interface LoadOptions {
  /** expected names/dtypes/shapes per tensor file stem; a mismatch is a CheckpointError listing the differences */
  expect?: Record<string, TensorSpec>;
}

/**
 * The checkpoint folder `path` names: a ckpt-* folder itself, or the newest complete checkpoint of a run folder.
 */
export function resolveCheckpoint(path: string): string {
  if (!existsSync(path)) {
    throw new CheckpointError(`no checkpoint at "${path}": pass the --logdir of a \`dreamer train\` run or one of its checkpoints/ckpt-* folders.`);
  }
  if (isCheckpointDir(path)) return path;
  const latest = latestCheckpoint(path);
  if (!latest) {
    const hint = /^ckpt-\d+$/.test(basename(path))
      ? 'this checkpoint has no MANIFEST.json, so it was never completed; use an older one'
      : 'the run stopped before its first checkpoint; train longer or lower run.checkpoint_every';
    throw new CheckpointError(`"${path}" holds no complete checkpoint (checkpoints/ckpt-*/${MANIFEST_FILE}): ${hint}.`);
  }
  return latest.path;
}

/**
 * Loads and checks a checkpoint: the manifest's format, every file's size and SHA-256, then the data. Only data is
 * read (JSON, safetensors, .npz of plain numbers); nothing in the files is ever executed.
 */
export function loadCheckpoint(path: string, opts: LoadOptions = {}): LoadedCheckpoint {
  const dir = resolveCheckpoint(path);
  const manifest = readManifest(dir);
  for (const [name, entry] of Object.entries(manifest.files)) verifyFile(dir, name, entry);
  const tensors: Record<string, NamedTensors> = {};
  const json: Record<string, unknown> = {};
  const arrays: Record<string, Record<string, Tensor>> = {};
  for (const stem of manifest.parts.tensors) {
    const file = `${stem}.safetensors`;
    tensors[stem] = decoded(dir, file, decodeTensorsFile);
    const spec = opts.expect?.[stem];
    if (spec) checkTensorSpecs(join(dir, file), tensors[stem], spec);
  }
  for (const stem of manifest.parts.json) json[stem] = decoded(dir, `${stem}.json`, (bytes) => JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown);
  for (const stem of manifest.parts.arrays) {
    const files = manifest.arrayChunks?.[stem] ?? [`${stem}.npz`];
    arrays[stem] = Object.assign({}, ...files.map((file) => decoded(dir, file, decodeArraysFile))) as NamedTensors;
  }
  for (const stem of Object.keys(opts.expect ?? {})) {
    if (!(stem in tensors)) throw new CheckpointError(`${dir} has no ${stem}.safetensors: it was not written by this kind of agent; pick a checkpoint of the same agent.`);
  }
  return { path: dir, step: manifest.step, manifest, tensors, json, arrays };
}

function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CheckpointError(`${file} is not valid JSON (${(err as Error).message}): the checkpoint is damaged; ${olderHint(dir)}.`);
  }
  const m = parsed as Partial<Manifest>;
  if (m?.format !== MANIFEST_FORMAT || typeof m.version !== 'number' || typeof m.step !== 'number' || !m.files || !m.parts) {
    throw new CheckpointError(`${file} is not a dreamer-ts checkpoint manifest: point --checkpoint at a run folder or a ckpt-* folder.`);
  }
  if (m.version > MANIFEST_VERSION) {
    throw new CheckpointError(`${file} has format version ${m.version}, newer than this dreamer-ts reads (${MANIFEST_VERSION}): upgrade dreamer-ts.`);
  }
  const chunkFiles = Object.values(m.arrayChunks ?? {}).flat();
  const names = [...Object.keys(m.files), ...m.parts.tensors, ...m.parts.json, ...m.parts.arrays, ...chunkFiles];
  const bad = names.find((n) => !STEM_PATTERN.test(n.replace(/(\.\d+)?\.(safetensors|json|npz)$/, '')));
  if (bad !== undefined) throw new CheckpointError(`${file} names a file "${bad}" outside the checkpoint folder: the manifest was tampered with; do not load it.`);
  const implied = [...m.parts.tensors.map((s) => `${s}.safetensors`), ...m.parts.json.map((s) => `${s}.json`), ...m.parts.arrays.flatMap((s) => m.arrayChunks?.[s] ?? [`${s}.npz`])];
  const unlisted = implied.find((f) => !(f in m.files!));
  if (unlisted !== undefined) throw new CheckpointError(`${file} has no size and hash for ${unlisted}: the manifest is damaged; ${olderHint(dir)}.`);
  return m as Manifest;
}

function verifyFile(dir: string, name: string, entry: { bytes: number; sha256: string }): void {
  const path = join(dir, name);
  if (!existsSync(path)) {
    throw new CheckpointError(`${path} is missing (${MANIFEST_FILE} lists it): the checkpoint folder was modified; ${olderHint(dir)}.`);
  }
  const size = statSync(path).size;
  if (size !== entry.bytes) {
    throw new CheckpointError(`${path} has ${size} bytes but ${MANIFEST_FILE} says ${entry.bytes}: the file is truncated or damaged; ${olderHint(dir)}.`);
  }
  if (sha256(readFileSync(path)) !== entry.sha256) {
    throw new CheckpointError(`${path} does not match its SHA-256 in ${MANIFEST_FILE}: the file is damaged; ${olderHint(dir)}.`);
  }
}

function decoded<T>(dir: string, file: string, decode: (bytes: Uint8Array, name: string) => T): T {
  const path = join(dir, file);
  try {
    return decode(new Uint8Array(readFileSync(path)), path);
  } catch (err) {
    if (err instanceof CheckpointError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new CheckpointError(`${path} cannot be read (${why}): the checkpoint is damaged; ${olderHint(dir)}.`);
  }
}

/** The fix for a damaged checkpoint: name an older complete one of the same run, if there is one. */
function olderHint(dir: string): string {
  const logdir = join(dir, '..', '..');
  const older = listCheckpoints(logdir).find((c) => c.path !== dir && basename(c.path) < basename(dir));
  return older ? `delete ${dir} to resume from ${older.path}, or pass that folder to --checkpoint` : 'delete it and start the run again';
}

