import type { Env } from '../env/env.js';
import type { Box } from '../env/spaces/box.js';
import { Dict } from '../env/spaces/dict.js';
import type { Space } from '../env/spaces/space.js';
import { FlattenObservation } from '../env/wrappers/flatten-observation.js';
import { observationLayout } from './obs-layout.js';
import { batchSpace } from '../env/spaces/batch.js';
import { flatten, flattenSpace } from '../env/spaces/flatten.js';
import { readItem } from '../env/vector/batch.js';
import type { VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from '../env/vector/vector-env.js';
import { VectorWrapper } from '../env/vector/vector-wrapper.js';

/**
 * How a `Dict` observation reaches the agent, which reads one flat row: its entries concatenated in the Dict
 * space's key order (the order the env gave them, e.g. dm_control's for the DMC suite; sorted when the env passed a
 * plain object), each entry flattened row-major. Entries must be Boxes; image entries (uint8 [H, W, C]) keep their
 * pixel values and the agent routes them to its CNN by the row's layout (./obs-layout.ts), which is checked here so
 * a space the agent cannot take fails when the env is built, naming the entry.
 */
export function flattenDictObservation(envId: string, env: Env): Env {
  const space = env.observationSpace as Space<unknown>;
  if (!(space instanceof Dict)) return env;
  observationLayout(envId, space);
  return new FlattenObservation(env) as unknown as Env;
}

/**
 * The same for a vector env whose sub-envs live in worker threads (the wrapper above cannot be sent there): each
 * sub-env's row of the batched Dict is flattened the same way, in the same key order.
 */
export function flattenDictVectorObservation(envId: string, venv: VectorEnv): VectorEnv {
  const space = venv.singleObservationSpace;
  if (!(space instanceof Dict)) return venv;
  observationLayout(envId, space);
  return new FlattenDictRows(venv, space);
}

class FlattenDictRows extends VectorWrapper {
  private readonly flat: Space<unknown>;
  private readonly batched: Space<unknown>;

  constructor(
    venv: VectorEnv,
    private readonly dict: Dict,
  ) {
    super(venv);
    this.flat = flattenSpace(dict);
    this.batched = batchSpace(this.flat, venv.numEnvs);
  }

  override get singleObservationSpace(): Space<unknown> {
    return this.flat;
  }
  override get observationSpace(): Space<unknown> {
    return this.batched;
  }

  override reset(opts: VectorResetOptions = {}): VectorResetResult<unknown> {
    const result = this.env.reset(opts);
    return { ...result, obs: this.rows(result.obs) };
  }

  override step(actions: unknown): VectorStepResult<unknown> {
    const result = this.env.step(actions);
    return { ...result, obs: this.rows(result.obs) };
  }

  /** [N, D]: row i is sub-env i's Dict flattened (its entries concatenated in key order). */
  private rows(batch: unknown): Float64Array {
    const d = (this.flat as Box).shape[0]!;
    const out = new Float64Array(this.numEnvs * d);
    for (let i = 0; i < this.numEnvs; i++) out.set(flatten(this.dict, readItem(this.dict, batch, i)), i * d);
    return out;
  }
}

