import { pushBounded } from '../wrappers/record-episode-statistics.js';
import { WrapperError } from '../../util/errors.js';
import type { VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from './vector-env.js';
import { VectorWrapper } from './vector-wrapper.js';

export interface VectorRecordEpisodeStatisticsOptions {
  bufferLength?: number;
  statsKey?: string;
}

const DEFAULT_BUFFER_LENGTH = 100;
const MS_PER_S = 1000;
const TIME_DECIMALS = 1e6;

/**
 * Gymnasium's vector `RecordEpisodeStatistics`: on a step where sub-envs end, infos get
 * `episode: { r, l, t }` (Float64Arrays, 0 where the sub-env did not end) and the mask `_episode`.
 * Under NextStep the autoreset step (reward 0) is not counted in the next episode; under SameStep and
 * Disabled a finished sub-env starts counting afresh at once (and on a masked reset).
 */
export class VectorRecordEpisodeStatistics<BO = unknown, BA = unknown> extends VectorWrapper<BO, BA> {
  readonly returnQueue: number[] = [];
  readonly lengthQueue: number[] = [];
  readonly timeQueue: number[] = [];
  episodeCount = 0;
  readonly episodeReturns: Float64Array;
  readonly episodeLengths: Float64Array;
  private readonly startMs: Float64Array;
  private readonly prevDones: Uint8Array;
  private readonly bufferLength: number;
  private readonly statsKey: string;

  constructor(env: VectorEnv<BO, BA>, opts: VectorRecordEpisodeStatisticsOptions = {}) {
    super(env);
    this.bufferLength = opts.bufferLength ?? DEFAULT_BUFFER_LENGTH;
    this.statsKey = opts.statsKey ?? 'episode';
    this.episodeReturns = new Float64Array(env.numEnvs);
    this.episodeLengths = new Float64Array(env.numEnvs);
    this.startMs = new Float64Array(env.numEnvs);
    this.prevDones = new Uint8Array(env.numEnvs);
  }

  override reset(opts: VectorResetOptions = {}): VectorResetResult<BO> {
    const result = this.env.reset(opts);
    const mask = opts.options?.resetMask;
    for (let i = 0; i < this.numEnvs; i++) if (mask === undefined || mask[i]) this.restart(i);
    return result;
  }

  override step(actions: BA): VectorStepResult<BO> {
    const result = this.env.step(actions);
    const nextStep = this.autoresetMode === 'NextStep';
    for (let i = 0; i < this.numEnvs; i++) {
      if (nextStep && this.prevDones[i]) {
        this.restart(i);
      } else {
        this.episodeReturns[i] += result.rewards[i];
        this.episodeLengths[i] += 1;
      }
      this.prevDones[i] = result.terminations[i] || result.truncations[i] ? 1 : 0;
    }
    if (this.prevDones.some((d) => d === 1)) this.record(result);
    return result;
  }

  private record(result: VectorStepResult<BO>): void {
    if (this.statsKey in result.infos || `_${this.statsKey}` in result.infos) {
      throw new WrapperError(`VectorRecordEpisodeStatistics: infos already have "${this.statsKey}"; pass another statsKey.`);
    }
    const n = this.numEnvs;
    const stats = { r: new Float64Array(n), l: new Float64Array(n), t: new Float64Array(n) };
    const mask = new Array<boolean>(n).fill(false);
    const now = performance.now();
    for (let i = 0; i < n; i++) {
      if (!this.prevDones[i]) continue;
      mask[i] = true;
      stats.r[i] = this.episodeReturns[i];
      stats.l[i] = this.episodeLengths[i];
      stats.t[i] = Math.round(((now - this.startMs[i]) / MS_PER_S) * TIME_DECIMALS) / TIME_DECIMALS;
      pushBounded(this.returnQueue, stats.r[i], this.bufferLength);
      pushBounded(this.lengthQueue, stats.l[i], this.bufferLength);
      pushBounded(this.timeQueue, stats.t[i], this.bufferLength);
      this.episodeCount += 1;
      if (this.autoresetMode !== 'NextStep') this.restart(i);
    }
    result.infos[this.statsKey] = stats;
    result.infos[`_${this.statsKey}`] = mask;
  }

  private restart(i: number): void {
    this.episodeReturns[i] = 0;
    this.episodeLengths[i] = 0;
    this.startMs[i] = performance.now();
    this.prevDones[i] = 0;
  }
}
