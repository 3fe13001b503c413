import type { DreamModel, RealEpisode } from '../../agents/api.js';
import { DreamerError } from '../util/errors.js';

export type { RealEpisode };

/** The open-loop prediction for steps C .. C+H-1 next to what really happened. */
export interface DreamResult {
  context: number;
  horizon: number;
  /** [H][O] decoded predicted observations */
  predObs: number[][];
  /** [H] predicted rewards and continue probabilities */
  predReward: number[];
  predCont: number[];
  /** [H][O] and [H]: reality at the same steps */
  realObs: number[][];
  realReward: number[];
  /** [H][A] the actions fed to the model (a_{t-1} for each predicted o_t) */
  actions: number[][];
  /** [H] mean absolute error over observation dimensions at each horizon step */
  obsError: number[];
}

/**
 * The model's open-loop prediction after `context` real steps (see `DreamModel.predict`) beside reality. The
 * horizon is cut where the episode ends.
 */
export function dreamRollout(model: DreamModel, episode: RealEpisode, context: number, horizon: number): DreamResult {
  const steps = episode.obs.length;
  if (context < 1 || context >= steps) {
    throw new DreamerError(`--context ${context} must be between 1 and ${steps - 1} (the episode has ${steps} observations): lower --context.`);
  }
  const h = Math.min(horizon, steps - context);
  const pred = model.predict(episode, context, h);
  return compare(episode, context, pred.obs, pred.reward, pred.cont);
}

function compare(episode: RealEpisode, context: number, predObs: number[][], predReward: number[], predCont: number[]): DreamResult {
  const h = predObs.length;
  const realObs = episode.obs.slice(context, context + h).map((o) => Array.from(o));
  const obsError = predObs.map((p, k) => p.reduce((sum, v, d) => sum + Math.abs(v - realObs[k]![d]!), 0) / p.length);
  return {
    context,
    horizon: h,
    predObs,
    predReward,
    predCont,
    realObs,
    realReward: episode.rewards.slice(context, context + h),
    actions: episode.actions.slice(context, context + h).map((a) => Array.from(a)),
    obsError,
  };
}
