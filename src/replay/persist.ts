import { checkTensorSpecs, type TensorSpec } from '../io/validate.js';
import type { DType, Tensor, TypedArray } from '../io/dtypes.js';
import { CheckpointError } from '../util/errors.js';
import type { Replay } from './replay.js';
import { pixelWidth } from './storage.js';
import type { ReplayArrays, ReplayState } from './types.js';

/**
 * The replay as a checkpoint stores it: JSON metadata plus named arrays in chronological order per sub-env,
 * `obs [N, S, D]` (float32; with images only the D - P vector columns), `pixels [N, S, P]` (uint8, only with images:
 * the row columns `meta.imageColumns` names, in order), `action [N, S, A]`, `reward [N, S]`, `is_first / is_last / is_terminal [N, S]` (bool), where
 * S is the number of steps each stream holds (oldest first). A NumPy user reads them with `np.load`.
 */
export interface ReplayExport {
  meta: ReplayState['meta'];
  arrays: Record<string, Tensor>;
}

/** File names of the arrays (snake_case for NumPy users) and the storage field each comes from. */
const ARRAY_NAMES: Record<keyof ReplayArrays, string> = {
  obs: 'obs',
  pixels: 'pixels',
  action: 'action',
  reward: 'reward',
  isFirst: 'is_first',
  isLast: 'is_last',
  isTerminal: 'is_terminal',
};
const FLAGS: ReadonlySet<keyof ReplayArrays> = new Set(['isFirst', 'isLast', 'isTerminal']);
const ALL_FIELDS = Object.keys(ARRAY_NAMES) as (keyof ReplayArrays)[];

/** The arrays a replay of this layout writes: `pixels` only when it stores images (older checkpoints have none). */
function fieldsOf(meta: ReplayState['meta']): (keyof ReplayArrays)[] {
  return pixelWidth(meta.imageColumns) > 0 ? ALL_FIELDS : ALL_FIELDS.filter((f) => f !== 'pixels');
}

export function exportReplay(replay: Replay): ReplayExport {
  const state = replay.state();
  const stored = sharedSize(state.meta.sizes);
  const layout = { capacity: replay.streamCapacity, size: stored, head: state.meta.heads[0]! };
  const arrays: Record<string, Tensor> = {};
  for (const field of fieldsOf(state.meta)) {
    const ring = state.arrays[field];
    const width = widthOf(state.meta, field);
    const out = emptyLike(ring, state.meta.numEnvs * stored * width);
    for (let env = 0; env < state.meta.numEnvs; env++) copyStream(ring, out, env, width, layout, 'toChronological');
    arrays[ARRAY_NAMES[field]] = { dtype: dtypeFor(field), shape: shapeFor(state.meta, stored, field), data: out };
  }
  return { meta: state.meta, arrays };
}

/** Restores an exported replay; names, dtypes and shapes are checked against `replay` first (CheckpointError). */
export function importReplay(replay: Replay, exported: ReplayExport): void {
  const live = replay.state();
  const stored = sharedSize(exported.meta.sizes);
  if (stored > replay.streamCapacity) {
    throw new CheckpointError(
      `the checkpoint's replay holds ${stored} steps per env, this run's holds ${replay.streamCapacity}: keep replay.capacity and env.num_envs when resuming.`,
    );
  }
  const specs: Record<string, TensorSpec> = {};
  const fields = fieldsOf(live.meta);
  for (const field of fields) specs[ARRAY_NAMES[field]] = { dtype: dtypeFor(field), shape: shapeFor(live.meta, stored, field) };
  checkTensorSpecs('replay in the checkpoint', exported.arrays, specs);
  const layout = { capacity: replay.streamCapacity, size: stored, head: stored % replay.streamCapacity };
  const arrays = { ...live.arrays };
  for (const field of fields) {
    const ring = emptyLike(live.arrays[field], live.arrays[field].length);
    const source = exported.arrays[ARRAY_NAMES[field]]!.data as typeof ring;
    for (let env = 0; env < live.meta.numEnvs; env++) copyStream(ring, source, env, widthOf(live.meta, field), layout, 'fromChronological');
    (arrays as Record<keyof ReplayArrays, TypedArray>)[field] = ring;
  }
  replay.load({ meta: { ...exported.meta, heads: exported.meta.sizes.map(() => layout.head) }, arrays });
}


interface StreamLayout {
  capacity: number;
  /** rows filled in each stream */
  size: number;
  /** next row to write in each stream */
  head: number;
}

/**
 * Copies one stream between the ring layout (oldest row at head - size, wrapping) and chronological rows
 * 0..size-1, as at most two contiguous blocks.
 */
function copyStream<T extends TypedArray>(ring: T, chronological: T, env: number, width: number, layout: StreamLayout, direction: 'toChronological' | 'fromChronological'): void {
  const { capacity: C, size, head } = layout;
  const oldest = (head - size + C) % C;
  const firstBlock = Math.min(size, C - oldest); // rows from `oldest` to the end of the ring
  const blocks: [ringRow: number, chronoRow: number, rows: number][] = [
    [oldest, 0, firstBlock],
    [0, firstBlock, size - firstBlock],
  ];
  for (const [ringRow, chronoRow, rows] of blocks) {
    const r = (env * C + ringRow) * width;
    const c = (env * size + chronoRow) * width;
    const n = rows * width;
    if (n === 0) continue;
    if (direction === 'toChronological') chronological.set(ring.subarray(r, r + n) as never, c);
    else ring.set(chronological.subarray(c, c + n) as never, r);
  }
}

function emptyLike<T extends TypedArray>(array: T, length: number): T {
  return new (array.constructor as new (n: number) => T)(length);
}

/** Every stream receives a row per vector step, so all hold the same number of steps. */
function sharedSize(sizes: readonly number[]): number {
  if (new Set(sizes).size !== 1) {
    throw new CheckpointError(`replay streams hold different numbers of steps (${sizes.join(', ')}): the checkpoint is corrupt.`);
  }
  return sizes[0]!;
}

function widthOf(meta: ReplayState['meta'], field: keyof ReplayArrays): number {
  if (field === 'obs') return meta.obsDim - pixelWidth(meta.imageColumns);
  if (field === 'pixels') return pixelWidth(meta.imageColumns);
  if (field === 'action') return meta.actionDim;
  return 1;
}

function shapeFor(meta: ReplayState['meta'], stored: number, field: keyof ReplayArrays): number[] {
  const rows = [meta.numEnvs, stored];
  return field === 'obs' || field === 'pixels' || field === 'action' ? [...rows, widthOf(meta, field)] : rows;
}

function dtypeFor(field: keyof ReplayArrays): DType {
  if (field === 'pixels') return 'U8';
  return FLAGS.has(field) ? 'BOOL' : 'F32';
}
