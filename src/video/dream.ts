import * as tf from '@tensorflow/tfjs';
import type { WorldModel } from '../../agents/dreamer/world-model.js';
import { symexp } from '../tensor/math/symlog.js';
import { DreamerError } from '../util/errors.js';

/** One real episode as the world model sees it (replay alignment: actions[t] = a_{t-1}, rewards[t] = r_t). */
export interface RealEpisode {
  /** [T][O] o_0 .. o_{T-1} */
  obs: Float32Array[];
  /** [T][A] the model-space action that led to o_t (zeros at t = 0) */
  actions: Float32Array[];
  /** [T] the reward received on arriving at o_t (0 at t = 0) */
  rewards: number[];
}

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
 * Filters the first `context` real observations into a posterior state, then imagines `horizon` steps with the
 * prior only, feeding the actions that were really taken (open loop: no observation after the context).
 */
export function dreamRollout(wm: WorldModel, episode: RealEpisode, context: number, horizon: number): DreamResult {
  const steps = episode.obs.length;
  if (context < 1 || context >= steps) {
    throw new DreamerError(`--context ${context} must be between 1 and ${steps - 1} (the episode has ${steps} observations): lower --context.`);
  }
  const h = Math.min(horizon, steps - context);
  const preds = tf.tidy(() => {
    let state = wm.rssm.initial(1);
    for (let t = 0; t < context; t++) {
      const embed = wm.embed(tf.tensor2d(episode.obs[t]!, [1, wm.obsSize]));
      state = wm.rssm.obsStep(state, tf.tensor2d(episode.actions[t]!, [1, wm.actionSize]), embed, tf.tensor1d([t === 0 ? 1 : 0])).state;
    }
    const feats: tf.Tensor2D[] = [];
    for (let k = 0; k < h; k++) {
      state = wm.rssm.imgStep(state, tf.tensor2d(episode.actions[context + k]!, [1, wm.actionSize]));
      feats.push(wm.rssm.feat(state));
    }
    const feat = tf.concat(feats, 0); // [H, F]
    const decoded = wm.decoder.apply(feat) as tf.Tensor2D;
    const obs = wm.cfg.symlog_inputs ? symexp(decoded) : decoded; // the decoder predicts symlog(obs) then
    return [obs, wm.reward(feat), wm.contProb(feat)] as tf.Tensor[];
  });
  const [obs, reward, cont] = preds.map((t) => t.arraySync());
  tf.dispose(preds);
  return compare(episode, context, obs as number[][], reward as number[], cont as number[]);
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
