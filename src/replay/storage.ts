import { CheckpointError } from '../util/errors.js';
import type { ReplayArrays, SequenceBatch } from './types.js';

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
