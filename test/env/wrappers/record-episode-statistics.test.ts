import { describe, expect, it } from 'vitest';
import { RecordEpisodeStatistics, type EpisodeStatistics } from '../../../src/env/wrappers/index.js';
import { WrapperError } from '../../../src/util/errors.js';
import { CounterEnv } from '../helpers/scripted-envs.js';

describe('RecordEpisodeStatistics', () => {
  it('adds { r, l, t } on the ending step only and queues recent episodes', () => {
    const env = new RecordEpisodeStatistics(new CounterEnv({ terminateAt: 3 }), { bufferLength: 2 });
    const returns: number[] = [];
    for (let episode = 0; episode < 3; episode++) {
      env.reset();
      const actions = [episode, 1, 2];
      for (let k = 0; k < actions.length; k++) {
        const { info, terminated } = env.step(actions[k]);
        expect(terminated).toBe(k === 2);
        expect('episode' in info).toBe(k === 2);
        if (k === 2) {
          const stats = info.episode as EpisodeStatistics;
          // reward = 10 t + action, t = 1..3
          const expected = 10 + actions[0] + 20 + actions[1] + 30 + actions[2];
          expect(stats.r).toBe(expected);
          expect(stats.l).toBe(3);
          expect(stats.t).toBeGreaterThanOrEqual(0);
          returns.push(expected);
        }
      }
    }
    expect(env.episodeCount).toBe(3);
    expect(env.returnQueue).toEqual(returns.slice(1));
    expect(env.lengthQueue).toEqual([3, 3]);
    expect(env.timeQueue).toHaveLength(2);
  });

  it('counts truncation as an episode end and refuses to overwrite an existing key', () => {
    const env = new RecordEpisodeStatistics(new CounterEnv({ truncateAt: 1 }), { statsKey: 't' });
    env.reset();
    expect(() => env.step(0)).toThrow(WrapperError);
    const ok = new RecordEpisodeStatistics(new CounterEnv({ truncateAt: 1 }));
    ok.reset();
    expect((ok.step(2).info.episode as EpisodeStatistics).r).toBe(12);
  });
});
