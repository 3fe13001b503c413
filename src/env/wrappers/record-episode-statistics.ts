import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import { WrapperError } from '../../util/errors.js';

/** One finished episode, as Gymnasium's `info["episode"]`: return, length, wall-clock seconds. */
export interface EpisodeStatistics {
  r: number;
  l: number;
  t: number;
}

export interface RecordEpisodeStatisticsOptions {
  /** How many recent episodes `returnQueue`, `lengthQueue` and `timeQueue` keep. */
  bufferLength?: number;
  /** The info key the statistics go under. */
  statsKey?: string;
}

const DEFAULT_BUFFER_LENGTH = 100;
const MS_PER_S = 1000;
/** Gymnasium rounds the episode time to microseconds. */
const TIME_DECIMALS = 1e6;

/**
 * Gymnasium's `RecordEpisodeStatistics`: at the step that ends an episode (terminated or truncated) the info
 * gets `episode: { r, l, t }`; the most recent episodes are kept in bounded queues.
 */
export class RecordEpisodeStatistics<O = unknown, A = unknown> extends Wrapper<O, A> {
  readonly returnQueue: number[] = [];
  readonly lengthQueue: number[] = [];
  readonly timeQueue: number[] = [];
  episodeCount = 0;
  episodeReturn = 0;
  episodeLength = 0;
  private episodeStartMs = -1;
  private readonly bufferLength: number;
  private readonly statsKey: string;

  constructor(env: Env<O, A>, opts: RecordEpisodeStatisticsOptions = {}) {
    super(env);
    this.bufferLength = opts.bufferLength ?? DEFAULT_BUFFER_LENGTH;
    this.statsKey = opts.statsKey ?? 'episode';
  }

  override reset(opts: ResetOptions = {}): ResetResult<O> {
    const result = this.env.reset(opts);
    this.episodeStartMs = performance.now();
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return result;
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    this.episodeLength += 1;
    if (!(result.terminated || result.truncated)) return result;
    if (this.statsKey in result.info) {
      throw new WrapperError(
        `RecordEpisodeStatistics: the info already has a "${this.statsKey}" key; pass another statsKey or apply the wrapper once.`,
      );
    }
    const stats = this.finishEpisode();
    return { ...result, info: { ...result.info, [this.statsKey]: stats } };
  }

  private finishEpisode(): EpisodeStatistics {
    const seconds = Math.round(((performance.now() - this.episodeStartMs) / MS_PER_S) * TIME_DECIMALS) / TIME_DECIMALS;
    const stats = { r: this.episodeReturn, l: this.episodeLength, t: seconds };
    pushBounded(this.returnQueue, stats.r, this.bufferLength);
    pushBounded(this.lengthQueue, stats.l, this.bufferLength);
    pushBounded(this.timeQueue, stats.t, this.bufferLength);
    this.episodeCount += 1;
    this.episodeStartMs = performance.now();
    return stats;
  }
}

/** Appends to a queue that keeps its last `max` entries (Python's `deque(maxlen=max)`). */
export function pushBounded(queue: number[], value: number, max: number): void {
  queue.push(value);
  if (queue.length > max) queue.splice(0, queue.length - max);
}
