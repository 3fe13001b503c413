import * as tf from '@tensorflow/tfjs';
import { symexp } from '../../src/tensor/math/symlog.js';
import type { DreamPrediction, RealEpisode } from '../api.js';
import type { WorldModel } from './world-model.js';

/**
 * The world model's open-loop prediction (`dreamer dream`): filters the first `context` real observations into a
 * posterior state, then imagines `horizon` steps with the prior only, feeding the actions that were really taken.
 * The caller keeps context + horizon within the episode.
 */
export function dreamOpenLoop(wm: WorldModel, episode: RealEpisode, context: number, horizon: number): DreamPrediction {
  const preds = tf.tidy(() => {
    let state = wm.rssm.initial(1);
    for (let t = 0; t < context; t++) {
      const embed = wm.embed(tf.tensor2d(episode.obs[t]!, [1, wm.obsSize]));
      state = wm.rssm.obsStep(state, tf.tensor2d(episode.actions[t]!, [1, wm.actionSize]), embed, tf.tensor1d([t === 0 ? 1 : 0])).state;
    }
    const feats: tf.Tensor2D[] = [];
    for (let k = 0; k < horizon; k++) {
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
  return { obs: obs as number[][], reward: reward as number[], cont: cont as number[] };
}
