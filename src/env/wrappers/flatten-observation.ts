import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { flatten, flattenSpace } from '../spaces/flatten.js';
import type { NumericArray } from '../spaces/dtype.js';
import type { Space } from '../spaces/space.js';
import { Wrapper } from '../wrapper.js';

/**
 * Gymnasium's `FlattenObservation`: every observation becomes one flat array (`spaces.flatten`), and the
 * observation space the matching flat Box (`flattenSpace`): Dict and Tuple parts concatenated in key order,
 * Discrete one-hot, Box reshaped to 1-D.
 */
export class FlattenObservation<A = unknown, InnerO = unknown> extends Wrapper<NumericArray, A, InnerO, A> {
  private readonly innerSpace: Space<unknown>;

  constructor(env: Env<InnerO, A>) {
    super(env);
    this.innerSpace = env.observationSpace as Space<unknown>;
    this.observationSpace = flattenSpace(this.innerSpace) as unknown as Space<NumericArray>;
  }

  override reset(opts: ResetOptions = {}): ResetResult<NumericArray> {
    const { obs, info } = this.env.reset(opts);
    return { obs: flatten(this.innerSpace, obs), info };
  }

  override step(action: A): StepResult<NumericArray> {
    const result = this.env.step(action);
    return { ...result, obs: flatten(this.innerSpace, result.obs) };
  }
}
