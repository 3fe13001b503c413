import { CheckpointError } from '../util/errors.js';
import { ConfigError } from '../util/errors.js';
import type { ImageColumns, ReplayArrays, SequenceBatch } from './types.js';

/**
 * A run of columns of an observation row and where it is stored: in the float array (`uint8` false) or the uint8
 * pixel array, at column `at` of that array's row.
 */
export interface ObsSegment {
  offset: number;
  size: number;
  uint8: boolean;
  at: number;
}

/** The segments tiling an observation row of `obsDim` columns, given its image columns (checked). */
export function obsSegments(obsDim: number, images: readonly ImageColumns[] = []): ObsSegment[] {
  const segments: ObsSegment[] = [];
  let [col, floatAt, pixelAt] = [0, 0, 0];
  for (const { offset, size } of images) {
    if (!Number.isInteger(offset) || !Number.isInteger(size) || size < 1 || offset < col || offset + size > obsDim) {
      throw new ConfigError(`replay: image columns must be sorted, non-overlapping runs inside the ${obsDim} observation columns, got ${JSON.stringify(images)}.`);
    }
    if (offset > col) segments.push({ offset: col, size: offset - col, uint8: false, at: floatAt });
    floatAt += offset - col;
    segments.push({ offset, size, uint8: true, at: pixelAt });
    pixelAt += size;
    col = offset + size;
  }
  if (col < obsDim) segments.push({ offset: col, size: obsDim - col, uint8: false, at: floatAt });
  return segments;
}

/** Columns of a row stored as uint8 (P) and as float32 (D - P). */
export function pixelWidth(images: readonly ImageColumns[] = []): number {
  return images.reduce((n, c) => n + c.size, 0);
}

/** A zeroed batch of B sequences of T steps. */
export function allocateBatch(batchSize: number, seqLen: number, obsDim: number, actionDim: number): SequenceBatch {
  const n = batchSize * seqLen;
  return {
    batchSize,
    seqLen,
    obsDim,
    actionDim,
    obs: new Float32Array(n * obsDim),
    action: new Float32Array(n * actionDim),
    reward: new Float32Array(n),
    isFirst: new Float32Array(n),
    isLast: new Float32Array(n),
    isTerminal: new Float32Array(n),
    cont: new Float32Array(n),
  };
}

/** Checks that loaded arrays have the names, dtypes and lengths of the live storage. */
export function checkStateShapes(loaded: Partial<ReplayArrays>, live: ReplayArrays): void {
  for (const [name, target] of Object.entries(live) as [keyof ReplayArrays, ReplayArrays[keyof ReplayArrays]][]) {
    const source = loaded[name];
    if (source === undefined) throw new CheckpointError(`replay array \`${name}\` is missing from the checkpoint: it is incomplete.`);
    if (source.constructor !== target.constructor) {
      throw new CheckpointError(`replay array \`${name}\` is a ${source.constructor.name}, expected ${target.constructor.name}.`);
    }
    if (source.length !== target.length) {
      throw new CheckpointError(`replay array \`${name}\` has ${source.length} values, expected ${target.length}.`);
    }
  }
}
