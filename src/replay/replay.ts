import { freemem, totalmem } from 'node:os';
import { CheckpointError, ConfigError, ReplayError } from '../util/errors.js';
import { Xoshiro128, type ReplayRng } from './rng.js';
import type { ReplayArrays, ReplayOptions, ReplayState, ReplayStep, SequenceBatch } from './types.js';
import { allocateBatch, checkStateShapes, obsSegments, pixelWidth, type ObsSegment } from './storage.js';

/** Bumped when the layout of `ReplayState` changes. */
export const REPLAY_STATE_VERSION = 1;

/**
 * Uniform replay of fixed-length sequences on typed arrays (see ./types.ts for what a row holds).
 * Each sub-env writes its own ring of floor(capacity / numEnvs) rows, so a sequence never mixes envs;
 * all memory is allocated here and never grows. Sequences may cross episode boundaries: `isFirst` marks them.
 */
export class Replay {
  readonly options: ReplayOptions;
  readonly streamCapacity: number;
  private readonly arrays: ReplayArrays;
  private readonly heads: number[];
  private readonly sizes: number[];
  private added = 0;
  /** How a row's columns map to the float and uint8 stores (one float segment without images). */
  private readonly segments: ObsSegment[];
  /** Float columns (D - P) and uint8 image columns (P) of a stored row. */
  private readonly floatDim: number;
  private readonly pixelDim: number;

  constructor(options: ReplayOptions, private readonly rng: ReplayRng = new Xoshiro128(0)) {
    const { capacity, numEnvs, obsDim, actionDim } = options;
    for (const [name, v] of Object.entries({ capacity, numEnvs, obsDim, actionDim })) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`replay: ${name} must be a positive integer, got ${v}.`);
    }
    this.streamCapacity = Math.floor(capacity / numEnvs);
    if (this.streamCapacity < 1) {
      throw new ConfigError(`replay.capacity (${capacity}) is smaller than env.num_envs (${numEnvs}): raise replay.capacity.`);
    }
    this.options = { ...options, imageColumns: (options.imageColumns ?? []).map((c) => ({ ...c })) };
    this.segments = obsSegments(obsDim, options.imageColumns);
    this.pixelDim = pixelWidth(options.imageColumns);
    this.floatDim = obsDim - this.pixelDim;
    const rows = numEnvs * this.streamCapacity;
    checkMemory(rows, this.options);
    this.arrays = {
      obs: new Float32Array(rows * this.floatDim),
      pixels: new Uint8Array(rows * this.pixelDim),
      action: new Float32Array(rows * actionDim),
      reward: new Float32Array(rows),
      isFirst: new Uint8Array(rows),
      isLast: new Uint8Array(rows),
      isTerminal: new Uint8Array(rows),
    };
    // Touch every page now: the memory the capacity asks for is resident from the start, so a capacity that does
    // not fit fails here rather than hours in, and RSS does not creep up as the replay fills.
    for (const array of Object.values(this.arrays) as (Float32Array | Uint8Array)[]) array.fill(0);
    this.heads = new Array<number>(numEnvs).fill(0);
    this.sizes = new Array<number>(numEnvs).fill(0);
  }

  /** Steps currently stored, over all streams. */
  get size(): number {
    return this.sizes.reduce((a, b) => a + b, 0);
  }

  /** Steps ever added (counts overwritten ones too). */
  get totalAdded(): number {
    return this.added;
  }

  /** Adds one vector-env step: row n of each field goes to sub-env n's stream. */
  add(step: ReplayStep): void {
    const { numEnvs, obsDim, actionDim } = this.options;
    checkLength('obs', step.obs, numEnvs * obsDim);
    checkLength('action', step.action, numEnvs * actionDim);
    for (const f of ['reward', 'isFirst', 'isLast', 'isTerminal'] as const) checkLength(f, step[f], numEnvs);
    for (let env = 0; env < numEnvs; env++) this.addRow(env, step, env);
  }

  private addRow(env: number, step: ReplayStep, n: number): void {
    const { obsDim, actionDim } = this.options;
    const row = env * this.streamCapacity + this.heads[env]!;
    const a = this.arrays;
    // Image columns are pixel values 0..255: the uint8 store keeps them exactly.
    for (const g of this.segments) {
      const from = step.obs.subarray(n * obsDim + g.offset, n * obsDim + g.offset + g.size);
      if (g.uint8) a.pixels.set(from, row * this.pixelDim + g.at);
      else a.obs.set(from, row * this.floatDim + g.at);
    }
    a.action.set(step.action.subarray(n * actionDim, (n + 1) * actionDim), row * actionDim);
    a.reward[row] = step.reward[n]!;
    a.isFirst[row] = step.isFirst[n] ? 1 : 0;
    a.isLast[row] = step.isLast[n] ? 1 : 0;
    a.isTerminal[row] = step.isTerminal[n] ? 1 : 0;
    this.heads[env] = (this.heads[env]! + 1) % this.streamCapacity;
    this.sizes[env] = Math.min(this.sizes[env]! + 1, this.streamCapacity);
    this.added++;
  }

  /** Number of distinct sequences of length `seqLen` that could be sampled now. */
  sequenceCount(seqLen: number): number {
    return this.sizes.reduce((sum, s) => sum + Math.max(0, s - seqLen + 1), 0);
  }

  /**
   * B sequences of T consecutive steps, each start drawn uniformly from all valid starts over all streams
   * (so every stored sequence is equally likely). Throws when no stream yet holds T steps.
   */
  sample(batchSize: number, seqLen: number): SequenceBatch {
    if (seqLen > this.streamCapacity) {
      throw new ConfigError(
        `replay.seq_len (${seqLen}) is longer than each sub-env's replay (${this.streamCapacity} = capacity / num_envs): raise replay.capacity.`,
      );
    }
    const total = this.sequenceCount(seqLen);
    if (total === 0) {
      throw new ReplayError(
        `replay.sample: no stream holds ${seqLen} steps yet (sizes ${this.sizes.join(', ')}): add steps first (in a run: raise run.prefill to at least replay.seq_len per env)`,
      );
    }
    const batch = allocateBatch(batchSize, seqLen, this.options.obsDim, this.options.actionDim);
    const picks = this.rng.integers(0, total, batchSize);
    for (let b = 0; b < batchSize; b++) {
      const { env, start } = this.locate(picks[b]!, seqLen);
      this.copySequence(batch, b, env, start);
    }
    return batch;
  }

  /** Maps a flat index over all valid starts to (stream, chronological start). */
  private locate(index: number, seqLen: number): { env: number; start: number } {
    let rest = index;
    for (let env = 0; env < this.options.numEnvs; env++) {
      const starts = Math.max(0, this.sizes[env]! - seqLen + 1);
      if (rest < starts) return { env, start: rest };
      rest -= starts;
    }
    // Unreachable from input: `sample` draws index below sequenceCount, the sum of the starts counted above.
    throw new Error(`replay.locate: index ${index} out of range`);
  }

  /** Copies T rows of stream `env`, from its `start`-th oldest row on, into batch row b. */
  private copySequence(batch: SequenceBatch, b: number, env: number, start: number): void {
    const { obsDim: D, actionDim: A } = this.options;
    const C = this.streamCapacity;
    const oldest = (this.heads[env]! - this.sizes[env]! + C) % C;
    const a = this.arrays;
    for (let t = 0; t < batch.seqLen; t++) {
      const row = env * C + ((oldest + start + t) % C);
      const out = b * batch.seqLen + t;
      for (const g of this.segments) {
        // The only float conversion of the pixels: uint8 -> float32 into the sampled batch.
        const from = g.uint8 ? a.pixels.subarray(row * this.pixelDim + g.at, row * this.pixelDim + g.at + g.size) : a.obs.subarray(row * this.floatDim + g.at, row * this.floatDim + g.at + g.size);
        batch.obs.set(from, out * D + g.offset);
      }
      batch.action.set(a.action.subarray(row * A, (row + 1) * A), out * A);
      batch.reward[out] = a.reward[row]!;
      batch.isFirst[out] = a.isFirst[row]!;
      batch.isLast[out] = a.isLast[row]!;
      batch.isTerminal[out] = a.isTerminal[row]!;
      batch.cont[out] = 1 - a.isTerminal[row]!;
    }
  }

  /** The full state for a checkpoint; the arrays are the live storage (copy them if the replay keeps running). */
  state(): ReplayState {
    return {
      meta: {
        ...this.options,
        version: REPLAY_STATE_VERSION,
        streamCapacity: this.streamCapacity,
        heads: [...this.heads],
        sizes: [...this.sizes],
        added: this.added,
        rng: this.rng.getState(),
      },
      arrays: this.arrays,
    };
  }

  /** Restores a state written by `state()`; names, shapes and dtypes are checked first (CheckpointError). */
  load(state: ReplayState): void {
    const m = state.meta;
    if (m.version !== REPLAY_STATE_VERSION) {
      throw new CheckpointError(`replay state version ${m.version} is not ${REPLAY_STATE_VERSION}: this checkpoint is from another dreamer-ts version.`);
    }
    for (const k of ['numEnvs', 'obsDim', 'actionDim'] as const) {
      if (m[k] !== this.options[k]) {
        throw new CheckpointError(`replay ${k} in the checkpoint is ${m[k]} but this run has ${this.options[k]}: resume with the run's own config.`);
      }
    }
    if (JSON.stringify(m.imageColumns ?? []) !== JSON.stringify(this.options.imageColumns)) {
      throw new CheckpointError(`replay image columns in the checkpoint are ${JSON.stringify(m.imageColumns ?? [])} but this run has ${JSON.stringify(this.options.imageColumns)}: resume with the run's own config (env.obs, env.image_size, env.grayscale).`);
    }
    if (m.streamCapacity !== this.streamCapacity) {
      throw new CheckpointError(`replay capacity per env in the checkpoint is ${m.streamCapacity}, this run has ${this.streamCapacity}: keep replay.capacity and env.num_envs when resuming.`);
    }
    checkStateShapes(state.arrays, this.arrays);
    for (const k of Object.keys(this.arrays) as (keyof ReplayArrays)[]) this.arrays[k].set(state.arrays[k]);
    this.heads.splice(0, this.heads.length, ...m.heads);
    this.sizes.splice(0, this.sizes.length, ...m.sizes);
    this.added = m.added;
    this.rng.setState(m.rng as never);
  }
}

/** Share of the machine's memory the replay may take before we refuse (the model and Node need the rest). */
const MAX_MEMORY_SHARE = 0.75;
const FLOAT_BYTES = 4;
const FLAG_COUNT = 3;
const GIB = 2 ** 30;

/** Bytes one stored step takes: float32 vector columns, action and reward, uint8 image columns, three flag bytes. */
export function replayBytesPerStep(options: Pick<ReplayOptions, 'obsDim' | 'actionDim' | 'imageColumns'>): number {
  const pixels = pixelWidth(options.imageColumns);
  return (options.obsDim - pixels + options.actionDim + 1) * FLOAT_BYTES + pixels + FLAG_COUNT;
}

/** What the replay will hold at capacity, for the run's first lines. */
export function replayMemoryLine(replay: Replay): string {
  const perStep = replayBytesPerStep(replay.options);
  const rows = replay.streamCapacity * replay.options.numEnvs;
  const pixels = pixelWidth(replay.options.imageColumns);
  const images = pixels > 0 ? ` (${pixels.toLocaleString('en-US')} of them image bytes, stored as uint8)` : '';
  return `replay: ${perStep.toLocaleString('en-US')} bytes per step${images} x ${rows.toLocaleString('en-US')} steps = ${formatBytes(perStep * rows)} at capacity (replay.capacity); machine ${formatBytes(totalmem())}, ${formatBytes(freemem())} available`;
}

function formatBytes(bytes: number): string {
  if (bytes >= GIB / 10) return `${(bytes / GIB).toFixed(2)} GiB`;
  return bytes >= 2 ** 20 / 10 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${bytes} B`;
}

/**
 * The replay allocates and touches everything up front: refuse plainly when that cannot fit (more than 75 % of the
 * machine's memory, or more than it has available now), rather than swap or crash later.
 */
function checkMemory(rows: number, options: ReplayOptions): void {
  const perStep = replayBytesPerStep(options);
  const bytes = rows * perStep;
  const limit = Math.min(totalmem() * MAX_MEMORY_SHARE, freemem());
  if (bytes > limit) {
    const fits = Math.floor(limit / perStep);
    throw new ConfigError(
      `replay.capacity ${rows.toLocaleString('en-US')} x ${perStep.toLocaleString('en-US')} bytes per step (${options.obsDim}-value observations) needs ${(bytes / GIB).toFixed(1)} GiB, ` +
        `more than this machine can give (${(limit / GIB).toFixed(1)} GiB: 75 % of its ${(totalmem() / GIB).toFixed(1)} GiB, at most the ${(freemem() / GIB).toFixed(1)} GiB available now): ` +
        `lower replay.capacity to at most ${fits.toLocaleString('en-US')}.`,
    );
  }
}

function checkLength(name: string, array: ArrayLike<unknown>, expected: number): void {
  if (array.length !== expected) {
    throw new ReplayError(`replay.add: ${name} has ${array.length} values, expected ${expected}: give one row per sub-env of the sizes the replay was built with`);
  }
}
