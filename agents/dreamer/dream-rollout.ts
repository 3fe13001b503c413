import * as tf from '@tensorflow/tfjs';
import { DreamerError } from '../../src/util/errors.js';
import type { DreamPrediction } from '../api.js';
import type { WorldModel } from './world-model.js';

/**
 * `dreamer dream`'s open-loop rollout: filter the first `context` real observations into a posterior state
 * (`Rssm.observe`), then imagine with the prior only (`Rssm.imagine`), feeding the actions that were really taken.
 * Pure: reads the model and its RNG, returns plain arrays.
 */

/**
 * obs: o_0 .. o_{C-1} (C = obs.length, each [O]); actions: a_{t-1} for t = 0 .. C+H-1 in replay alignment (actions[t]
 * led to o_t; zeros at t = 0), each [A]; the rollout predicts o_C .. o_{C+H-1} with H = actions.length - C.
 */
export function dreamRollout(wm: WorldModel, obs: readonly Float32Array[], actions: readonly Float32Array[]): DreamPrediction {
  const c = obs.length;
  const h = actions.length - c;
  if (c < 1 || h < 1) {
    throw new DreamerError(`a dream needs at least one observation of context and one action after it (got ${c} observations, ${actions.length} actions): pass actions up to the last step to predict.`);
  }
  const preds = tf.tidy(() => {
    const seq = (rows: readonly Float32Array[], d: number): tf.Tensor3D => tf.tensor3d(concat(rows), [rows.length, 1, d]);
    const embed = tf.reshape(wm.embed(tf.tensor2d(concat(obs), [c, wm.obsSize])), [c, 1, -1]) as tf.Tensor3D;
    const isFirst = tf.tensor2d(Float32Array.from({ length: c }, (_, t) => (t === 0 ? 1 : 0)), [c, 1]);
    const post = wm.rssm.observe(embed, seq(actions.slice(0, c), wm.actionSize), isFirst); // [C, ·]
    const last = { deter: tf.slice(post.deter, [c - 1, 0], [1, -1]) as tf.Tensor2D, stoch: tf.slice(post.stoch, [c - 1, 0], [1, -1]) as tf.Tensor2D };
    const taken = actions.slice(c).map((a) => tf.tensor2d(a, [1, wm.actionSize]));
    let k = 0;
    const replay = (): { action: tf.Tensor2D; input: tf.Tensor2D } => {
      const a = taken[k++]!;
      return { action: a, input: a };
    };
    const imagined = wm.rssm.imagine(last, replay, h);
    const feat = tf.concat(imagined.feat.slice(1)) as tf.Tensor2D; // [H, F]
    return [wm.decodeObs(feat), wm.reward(feat), wm.contProb(feat)];
  });
  const [predObs, reward, cont] = preds.map((t) => t.arraySync());
  tf.dispose(preds);
  return { obs: predObs as number[][], reward: reward as number[], cont: cont as number[] };
}

function concat(rows: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
  let offset = 0;
  for (const r of rows) {
    out.set(r, offset);
    offset += r.length;
  }
  return out;
}
