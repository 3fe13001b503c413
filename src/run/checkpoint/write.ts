import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { syncDirectory, writeAndSync } from '../../io/atomic.js';
import { CheckpointError } from '../../util/errors.js';
import { chunkArrays } from './chunks.js';
import { encodeArraysFile, encodeTensorsFile } from './formats.js';
import { checkpointName, checkpointsDir, incompleteCheckpoints, isTempName, listCheckpoints, MANIFEST_FILE, prunedName, STEM_PATTERN, tempName } from './layout.js';
import type { CheckpointParts, Manifest } from './types.js';
import { MANIFEST_FORMAT, MANIFEST_VERSION } from './types.js';

export interface SaveOptions {
  /** keep this many newest checkpoints, delete older ones (default 3) */
  keep?: number;
  /** largest .npz chunk of an arrays part, in bytes (default 256 MB) */
  chunkBytes?: number;
  /** test hook: called after each data file is written (throw to simulate a crash mid-write) */
  afterFile?: (name: string) => void;
}

const DEFAULT_KEEP = 3;
const DEFAULT_CHUNK_BYTES = 256 * 2 ** 20;
const NONCE_BYTES = 4;

/**
 * Writes a checkpoint atomically: every file goes into a hidden temp folder and is fsynced, the manifest (sizes
 * and SHA-256 of every file) is written last, then the folder is renamed to ckpt-<step>. A crash at any moment
 * leaves either no new checkpoint or a complete one; `latestCheckpoint` never sees a half-written folder.
 * Returns the checkpoint's path.
 */
export function saveCheckpoint(logdir: string, step: number, parts: CheckpointParts, opts: SaveOptions = {}): string {
  const keep = opts.keep ?? DEFAULT_KEEP;
  checkArguments(step, keep, parts);
  const root = checkpointsDir(logdir);
  mkdirSync(root, { recursive: true });
  removeStaleTemps(root);
  const temp = join(root, tempName(step, randomBytes(NONCE_BYTES).toString('hex')));
  mkdirSync(temp);
  try {
    const { files, chunks } = writeParts(temp, parts, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES, opts.afterFile);
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      step,
      createdAt: new Date().toISOString(),
      parts: { tensors: Object.keys(parts.tensors), json: Object.keys(parts.json), arrays: Object.keys(parts.arrays) },
      arrayChunks: chunks,
      files,
    };
    writeAndSync(join(temp, MANIFEST_FILE), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    syncDirectory(temp);
    const final = join(root, checkpointName(step));
    publish(temp, final, root);
    prune(logdir, keep);
    return final;
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}

function checkArguments(step: number, keep: number, parts: CheckpointParts): void {
  if (!Number.isSafeInteger(step) || step < 0) throw new CheckpointError(`checkpoint step must be an integer >= 0, got ${step}.`);
  if (!Number.isSafeInteger(keep) || keep < 1) throw new CheckpointError(`checkpoints to keep must be an integer >= 1, got ${keep}: set run.keep_checkpoints to 1 or more.`);
  const stems = [...Object.keys(parts.tensors), ...Object.keys(parts.json), ...Object.keys(parts.arrays)];
  for (const stem of stems) {
    if (!STEM_PATTERN.test(stem)) throw new CheckpointError(`checkpoint part name "${stem}" may only hold letters, digits, "_" and "-".`);
  }
}

/** Writes every part to its file(s); returns size and SHA-256 per file name and the .npz chunks of each arrays part. */
function writeParts(
  dir: string,
  parts: CheckpointParts,
  chunkBytes: number,
  afterFile?: (name: string) => void,
): { files: Manifest['files']; chunks: Record<string, string[]> } {
  const files: Manifest['files'] = {};
  const chunks: Record<string, string[]> = {};
  const write = (name: string, bytes: Uint8Array) => {
    writeAndSync(join(dir, name), bytes);
    files[name] = { bytes: bytes.length, sha256: sha256(bytes) };
    afterFile?.(name);
  };
  for (const [stem, tensors] of Object.entries(parts.tensors)) write(`${stem}.safetensors`, encodeTensorsFile(tensors));
  for (const [stem, value] of Object.entries(parts.json)) write(`${stem}.json`, Buffer.from(`${JSON.stringify(value)}\n`));
  for (const [stem, arrays] of Object.entries(parts.arrays)) {
    const pieces = chunkArrays(stem, arrays, chunkBytes);
    for (const piece of pieces) write(piece.file, encodeArraysFile(piece.arrays));
    chunks[stem] = pieces.map((p) => p.file);
  }
  return { files, chunks };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}


/** Renames temp -> final. A checkpoint of the same step is replaced: moved aside first (rename cannot overwrite a folder). */
function publish(temp: string, final: string, root: string): void {
  let aside: string | undefined;
  if (existsSync(final)) {
    aside = `${temp}-replaced`;
    renameSync(final, aside);
  }
  renameSync(temp, final);
  syncDirectory(root);
  if (aside) rmSync(aside, { recursive: true, force: true });
}

/** Temp folders are left only by a crash mid-write (this run writes one checkpoint at a time). */
function removeStaleTemps(root: string): void {
  for (const name of readdirSync(root)) if (isTempName(name)) rmSync(join(root, name), { recursive: true, force: true });
}

/**
 * Deletes all but the `keep` newest complete checkpoints, and the leftovers of a delete cut short that are older than
 * those kept. Each folder is renamed to a temp name first: a kill during the delete leaves a temp folder (removed by
 * the next save), never a ckpt-N folder that lists as a checkpoint but is half gone.
 */
export function prune(logdir: string, keep: number): void {
  const root = checkpointsDir(logdir);
  const complete = listCheckpoints(logdir);
  const oldestKept = complete[Math.min(keep, complete.length) - 1]?.step ?? 0;
  const doomed = [...complete.slice(keep), ...incompleteCheckpoints(logdir).filter((c) => c.step < oldestKept)];
  for (const { path } of doomed) {
    const aside = join(root, prunedName(basename(path)));
    renameSync(path, aside);
    rmSync(aside, { recursive: true, force: true });
  }
}
