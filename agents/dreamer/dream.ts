import type { DreamPrediction, RealEpisode } from '../api.js';
import { dreamRollout } from './dream-rollout.js';
import type { WorldModel } from './world-model.js';

/**
 * The agent's `dream` capability (`dreamer dream`): the open-loop rollout of dream-rollout.ts on steps
 * 0 .. context-1 of a real episode, predicting steps context .. context+horizon-1 from the actions really taken.
 * The caller keeps context + horizon within the episode.
 */
export function dreamOpenLoop(wm: WorldModel, episode: RealEpisode, context: number, horizon: number): DreamPrediction {
  return dreamRollout(wm, episode.obs.slice(0, context), episode.actions.slice(0, context + horizon));
}
