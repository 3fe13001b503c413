import type { Space } from '../spaces/space.js';
import { copyBatch, createBatch, rowReader, rowWriter, type RowReader, type RowWriter } from './batch.js';
import type { VectorInfo } from './infos.js';
import type { VectorStepResult } from './vector-env.js';

/**
 * The result buffers a vector env reuses on every call (obs [numEnvs, ...shape], rewards, flags), shared by
 * SyncVectorEnv and AsyncVectorEnv: sub-env i's reset or step result is written into row i, and `stepResult`
 * hands them out as copies (the default) or as the same buffers every call (`copy: false`, no allocation).
 */
export class StepBuffers<BO> {
  readonly readAction: RowReader;
  private readonly writeObs: RowWriter;
  private readonly obsBuffer: unknown;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;

  constructor(
    obsSpace: Space<unknown>,
    actionSpace: Space<unknown>,
    numEnvs: number,
    private readonly copy: boolean,
  ) {
    this.obsBuffer = createBatch(obsSpace, numEnvs);
    this.writeObs = rowWriter(obsSpace);
    this.readAction = rowReader(actionSpace) as RowReader;
    this.rewards = new Float64Array(numEnvs);
    this.terminations = new Uint8Array(numEnvs);
    this.truncations = new Uint8Array(numEnvs);
  }

  /** Sub-env i was reset: its observation, and no flags set. */
  writeReset(i: number, obs: unknown): void {
    this.writeObs(this.obsBuffer, i, obs);
    this.terminations[i] = 0;
    this.truncations[i] = 0;
  }

  /** Sub-env i stepped. */
  writeStep(i: number, r: { obs: unknown; reward: number; terminated: boolean; truncated: boolean }): void {
    this.writeObs(this.obsBuffer, i, r.obs);
    this.rewards[i] = r.reward;
    this.terminations[i] = r.terminated ? 1 : 0;
    this.truncations[i] = r.truncated ? 1 : 0;
  }

  /** The batched observation. */
  obs(): BO {
    return (this.copy ? copyBatch(this.obsBuffer) : this.obsBuffer) as BO;
  }

  stepResult(infos: VectorInfo): VectorStepResult<BO> {
    const copy = this.copy;
    return {
      obs: this.obs(),
      rewards: copy ? this.rewards.slice() : this.rewards,
      terminations: copy ? this.terminations.slice() : this.terminations,
      truncations: copy ? this.truncations.slice() : this.truncations,
      infos,
    };
  }
}
