import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { train } from '../../src/run/train.js';
import { metricsWithoutTime } from './metrics-file.js';
import { SMOKE } from './smoke-config.js';

describe('env.action_repeat in a run', () => {
  it('steps count control steps (action_repeat x num_envs per agent step); the train ratio counts agent steps', async () => {
    // CartPole pays 1 per control step; a 10-control-step limit is 5 agent steps at repeat 2.
    const overrides = [...SMOKE, 'env.action_repeat=2', 'env.num_envs=2', 'env.max_episode_steps=10'];
    const cfg = loadConfig({ config: ['cartpole'], overrides });
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-repeat-'));
    const result = await train(cfg, { logdir: dir, quiet: true });
    expect(result.steps).toBe(80);
    // 2 x 8 replayed steps per update at train ratio 8 = 2 agent steps = 4 control steps per update.
    expect(result.updates).toBe(80 / 4);
    const records = metricsWithoutTime(dir);
    for (const r of records) expect(r.step! % 4).toBe(0);
    const last = records.filter((r) => 'train/ratio' in r).at(-1)!;
    expect(last['train/ratio']).toBeCloseTo(8, 6);
    // Episode lengths count agent steps; returns sum every control step's reward, and the TimeLimit (inside the
    // repeat) still ends episodes at 10 control steps.
    const episodes = records.filter((r) => 'episode/return' in r);
    expect(episodes.length).toBeGreaterThan(0);
    for (const e of episodes) {
      const [ret, len] = [e['episode/return']!, e['episode/length']!];
      expect(len).toBeLessThanOrEqual(5);
      expect(ret).toBeLessThanOrEqual(10);
      expect(ret).toBeGreaterThanOrEqual(2 * len - 1);
      expect(ret).toBeLessThanOrEqual(2 * len);
    }
    expect(episodes.some((e) => e['episode/return'] === 10 && e['episode/length'] === 5)).toBe(true);
  });
});
