import { describe, expect, it } from 'vitest';
import { PointMass } from '../../envs/examples/point-mass.js';
import { runEpisodes } from '../../src/video/episodes.js';

/** The PD controller the PointMass docs quote: a = clip(10 (g - x) - 4 v). */
const pd = (obs: Float32Array) => Float32Array.of(Math.max(-1, Math.min(1, 10 * (obs[2]! - obs[0]!) - 4 * obs[1]!)));

/** Reference: the same episodes stepped by hand. */
function manualReturns(seed: number, episodes: number): number[] {
  const env = new PointMass();
  const out: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let { obs } = env.reset(e === 0 ? { seed } : {});
    let ret = 0;
    for (let done = false; !done; ) {
      const s = env.step(pd(obs));
      [ret, obs, done] = [ret + s.reward, s.obs, s.terminated || s.truncated];
    }
    out.push(ret);
  }
  return out;
}

describe('runEpisodes', () => {
  it('returns the per-episode returns and lengths of a hand-stepped loop, repeatably for a seed', () => {
    const run = () => runEpisodes(new PointMass(), pd, { episodes: 3, seed: 7 });
    const a = run();
    expect(a.returns).toEqual(manualReturns(7, 3));
    expect(a.lengths).toEqual([100, 100, 100]);
    expect(run().returns).toEqual(a.returns);
    expect(runEpisodes(new PointMass(), pd, { episodes: 3, seed: 8 }).returns).not.toEqual(a.returns);
  });

  it('marks the first observation of each episode and collects one frame per reset and step, up to maxFrames', () => {
    const firsts: boolean[] = [];
    const policy = (obs: Float32Array, first: boolean) => (firsts.push(first), pd(obs));
    const r = runEpisodes(new PointMass({ renderMode: 'rgb_array', maxSteps: 5 }), policy, { episodes: 2, seed: 0, render: true });
    expect(firsts).toEqual([true, false, false, false, false, true, false, false, false, false]);
    expect(r.frames).toHaveLength(2 * (5 + 1));
    expect(r.frames[0]!.shape).toEqual([48, 240, 3]);
    const capped = runEpisodes(new PointMass({ renderMode: 'rgb_array', maxSteps: 5 }), pd, { episodes: 2, render: true, maxFrames: 4 });
    expect(capped.frames).toHaveLength(4);
  });
});
