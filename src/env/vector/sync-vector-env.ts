import type { AutoresetMode, Env, EnvMetadata } from '../env.js';
import { batchSpace } from '../spaces/batch.js';
import type { Space } from '../spaces/space.js';
import { AutoresettingSubEnv } from './autoreset.js';
import { VectorEnvError } from '../../util/errors.js';
import { StepBuffers } from './step-buffers.js';
import { addInfo, type VectorInfo } from './infos.js';
import {
  VectorEnv,
  checkAutoresetMode,
  seedsFor,
  splitResetMask,
  type VectorResetOptions,
  type VectorResetResult,
  type VectorStepResult,
} from './vector-env.js';

export interface SyncVectorEnvOptions {
  /** 'NextStep' (default), 'SameStep' or 'Disabled'. */
  autoresetMode?: AutoresetMode;
  /** true (default): results are fresh copies; false: the same buffers every call (no allocation). */
  copy?: boolean;
}

/**
 * Gymnasium's `SyncVectorEnv`: steps the sub-envs one after the other in this thread. Give env factories
 * (called once each) or ready envs. All sub-envs must have equal spaces.
 */
export class SyncVectorEnv<BO = unknown, BA = unknown> extends VectorEnv<BO, BA> {
  readonly envs: Env[];
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly observationSpace: Space<BO>;
  readonly actionSpace: Space<BA>;
  readonly metadata: EnvMetadata & { autoresetMode: AutoresetMode };
  private readonly subEnvs: AutoresettingSubEnv[];
  private readonly buffers: StepBuffers<BO>;

  constructor(envFns: readonly (Env | (() => Env))[], opts: SyncVectorEnvOptions = {}) {
    super();
    if (envFns.length === 0) throw new VectorEnvError('SyncVectorEnv needs at least one env (or env factory).');
    const mode = checkAutoresetMode(opts.autoresetMode ?? 'NextStep');
    this.envs = envFns.map((f) => (typeof f === 'function' ? f() : f));
    this.numEnvs = this.envs.length;
    this.singleObservationSpace = this.envs[0].observationSpace;
    this.singleActionSpace = this.envs[0].actionSpace;
    checkSameSpaces(this.envs, this.singleObservationSpace, this.singleActionSpace);
    this.observationSpace = batchSpace(this.singleObservationSpace, this.numEnvs) as Space<BO>;
    this.actionSpace = batchSpace(this.singleActionSpace, this.numEnvs) as Space<BA>;
    this.metadata = { ...this.envs[0].metadata, autoresetMode: mode };
    this.renderMode = this.envs[0].renderMode;
    this.subEnvs = this.envs.map((env) => new AutoresettingSubEnv(env, mode));
    this.buffers = new StepBuffers(this.singleObservationSpace, this.singleActionSpace, this.numEnvs, opts.copy ?? true);
  }

  override reset(opts: VectorResetOptions = {}): VectorResetResult<BO> {
    const seeds = seedsFor(opts.seed, this.numEnvs);
    const { mask, options } = splitResetMask(opts.options, this.numEnvs);
    const infos: VectorInfo = {};
    for (let i = 0; i < this.numEnvs; i++) {
      if (mask !== undefined && !mask[i]) continue;
      const { obs, info } = this.subEnvs[i].reset({ seed: seeds[i], ...(options && { options }) });
      this.buffers.writeReset(i, obs);
      addInfo(infos, info, i, this.numEnvs);
    }
    return { obs: this.buffers.obs(), infos };
  }

  override step(actions: BA): VectorStepResult<BO> {
    const infos: VectorInfo = {};
    for (let i = 0; i < this.numEnvs; i++) {
      const r = this.subEnvs[i].step(this.buffers.readAction(actions, i));
      this.buffers.writeStep(i, r);
      addInfo(infos, r.info, i, this.numEnvs);
    }
    return this.buffers.stepResult(infos);
  }

  /** NextStep: which sub-envs reset at their next step (their last one ended an episode); checkpoints save it. */
  get pendingResets(): boolean[] {
    return this.subEnvs.map((s) => s.needsReset);
  }
  set pendingResets(flags: readonly boolean[]) {
    this.subEnvs.forEach((s, i) => (s.needsReset = flags[i] === true));
  }

  /** Calls `name` on every sub-env (or reads the property), Gymnasium's `call`. */
  call(name: string, ...args: unknown[]): unknown[] {
    return this.envs.map((env) => {
      const member = (env as unknown as Record<string, unknown>)[name];
      return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).apply(env, args) : member;
    });
  }

  render(): unknown[] {
    return this.envs.map((env) => env.render());
  }

  override close(): void {
    for (const env of this.envs) env.close();
  }

}

function checkSameSpaces(envs: Env[], obsSpace: Space<unknown>, actSpace: Space<unknown>): void {
  const equal = (a: Space<unknown>, b: Space<unknown>): boolean =>
    a === b || ((a as { equals?: (o: unknown) => boolean }).equals?.(b) ?? true);
  envs.forEach((env, i) => {
    if (!equal(env.observationSpace, obsSpace) || !equal(env.actionSpace, actSpace)) {
      throw new VectorEnvError(
        `sub-env ${i} has spaces ${String(env.observationSpace)} / ${String(env.actionSpace)}, but sub-env 0 has ` +
          `${String(obsSpace)} / ${String(actSpace)}; all sub-envs of a vector env must have equal spaces.`,
      );
    }
  });
}
