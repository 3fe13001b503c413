import { describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { BanditEnv, permutation } from '../../../envs/bsuite/bandit.js';
import { CatchEnv } from '../../../envs/bsuite/catch.js';
import { DeepSeaEnv, MOVE_COST } from '../../../envs/bsuite/deep-sea.js';
import { BEST_CHAIN_REWARD, DELAYS, DiscountingChainEnv } from '../../../envs/bsuite/discounting-chain.js';
import { MemoryLengthEnv } from '../../../envs/bsuite/memory-length.js';
import { BSUITE_ENVS } from '../../../envs/bsuite/register.js';
import { UmbrellaEnv } from '../../../envs/bsuite/umbrella.js';
import { checkEnv } from '../../../src/env/checker.js';
import type { Env } from '../../../src/env/env.js';
import { make } from '../../../src/env/make.js';
import { EnvError, InvalidActionError, ResetNeededError } from '../../../src/util/errors.js';

/** Steps `actions` in turn; returns the rewards and whether the last step terminated. */
function play(env: Env<Float32Array, number>, actions: number[]): { rewards: number[]; terminated: boolean } {
  const rewards: number[] = [];
  let terminated = false;
  for (const a of actions) {
    const r = env.step(a);
    rewards.push(r.reward);
    terminated = r.terminated;
  }
  return { rewards, terminated };
}

describe('bsuite/catch-v0', () => {
  it('the ball falls one row a step; meeting it pays +1 on the 9th step', () => {
    const env = new CatchEnv();
    const { obs } = env.reset({ seed: 3 });
    const column = env.ballColumn;
    expect(obs[column]).toBe(1); // row 0
    expect(obs[9 * 5 + 2]).toBe(1); // paddle in the middle of the bottom row
    const toward = column < 2 ? 0 : column > 2 ? 2 : 1;
    const moves = Array.from({ length: 9 }, (_, i) => (i < Math.abs(column - 2) ? toward : 1));
    const { rewards, terminated } = play(env, moves);
    expect(rewards).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(terminated).toBe(true);
  });

  it('missing the ball pays -1; the paddle stops at the wall', () => {
    const env = new CatchEnv();
    env.reset({ seed: 0 });
    env.ballColumn = 4;
    const { rewards } = play(env, Array(9).fill(0));
    expect(env.paddleColumn).toBe(0);
    expect(rewards.at(-1)).toBe(-1);
  });

  it('reset({seed}) reproduces the ball column; seeds spread over all columns', () => {
    const columns = new Set<number>();
    for (let seed = 0; seed < 40; seed++) {
      const a = new CatchEnv();
      const b = new CatchEnv();
      a.reset({ seed });
      b.reset({ seed });
      expect(a.ballColumn).toBe(b.ballColumn);
      columns.add(a.ballColumn);
    }
    expect(columns.size).toBe(5);
  });

  it('rejects a bad action and a step before reset', () => {
    const env = new CatchEnv();
    expect(() => env.step(1)).toThrow(ResetNeededError);
    env.reset({ seed: 0 });
    expect(() => env.step(3)).toThrow(InvalidActionError);
    expect(() => new CatchEnv({ rows: 0 })).toThrow(EnvError);
  });
});

describe('bsuite/bandit-v0', () => {
  it('arms pay 0, 0.1, ..., 1 in an order fixed by mappingSeed, not by the episode seed', () => {
    const env = new BanditEnv();
    expect([...env.armRewards].sort((x, y) => x - y).map((r) => Math.round(r * 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const best = env.armRewards.indexOf(1);
    env.reset({ seed: 1 });
    const r = env.step(best);
    expect([r.reward, r.terminated]).toEqual([1, true]);
    expect(new BanditEnv({ mappingSeed: 0 }).armRewards).toEqual(env.armRewards);
    expect(new BanditEnv({ mappingSeed: 1 }).armRewards).not.toEqual(env.armRewards);
    expect(permutation(11, 5)).toEqual(permutation(11, 5));
  });
});

describe('bsuite/discounting_chain-v0', () => {
  it('chain c pays at step DELAYS[c]; the best chain pays 1.1; the episode lasts 100 steps', () => {
    for (let c = 0; c < DELAYS.length; c++) {
      const env = new DiscountingChainEnv();
      env.reset({ seed: 0 });
      const { rewards, terminated } = play(env, [c, ...Array(99).fill(0)]);
      expect(terminated).toBe(true);
      const paid = rewards.flatMap((r, i) => (r !== 0 ? [[i + 1, r]] : []));
      expect(paid).toEqual([[DELAYS[c], c === 2 ? BEST_CHAIN_REWARD : 1]]);
    }
  });

  it('observes the chosen chain one-hot and the time', () => {
    const env = new DiscountingChainEnv({ bestChain: 4 });
    expect(Array.from(env.reset({ seed: 0 }).obs)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(env.step(4).obs)).toEqual([0, 0, 0, 0, 1, Math.fround(0.01)]);
  });
});

describe('bsuite/umbrella-v0', () => {
  it('the first action decides the last reward; the steps between pay ±1 noise', () => {
    for (let seed = 0; seed < 6; seed++) {
      for (const take of [0, 1]) {
        const env = new UmbrellaEnv();
        const { obs } = env.reset({ seed });
        const rain = obs[0];
        const { rewards, terminated } = play(env, [take, ...Array(19).fill(0)]);
        expect(terminated).toBe(true);
        expect(rewards.slice(0, 19).every((r) => r === 1 || r === -1)).toBe(true);
        expect(rewards[19]).toBe(take === rain ? 1 : -1);
      }
    }
  });

  it('reset({seed}) reproduces the whole episode, noise included', () => {
    const run = (): number[] => {
      const env = new UmbrellaEnv();
      const { obs } = env.reset({ seed: 9 });
      return [...obs, ...play(env, Array(20).fill(1)).rewards];
    };
    expect(run()).toEqual(run());
  });
});

describe('bsuite/memory_length-v0', () => {
  it('shows the cue only first, asks at the last step, pays ±1 for the answer', () => {
    for (const answer of [0, 1]) {
      const env = new MemoryLengthEnv({ length: 4 });
      const first = env.reset({ seed: 2 }).obs;
      const cue = env.cue;
      expect(first[1 + cue]).toBe(1);
      const mid = env.step(1 - answer).obs;
      expect([mid[1], mid[2]]).toEqual([0, 0]);
      env.step(0);
      const query = env.step(0);
      expect(query.obs[3]).toBe(1);
      expect(query.reward).toBe(0);
      const last = env.step(answer);
      expect([last.reward, last.terminated]).toEqual([answer === cue ? 1 : -1, true]);
    }
  });
});

describe('bsuite/deep_sea-v0', () => {
  it('only moving right at every step pays 1 - 0.01; any left move forfeits the reward', () => {
    const env = new DeepSeaEnv({ size: 4 });
    env.reset({ seed: 0 });
    const rightActions: number[] = [];
    const rewards: number[] = [];
    for (let row = 0; row < 4; row++) {
      const a = env.rightAction[row * 4 + row] ?? 0;
      rightActions.push(a);
      rewards.push(env.step(a).reward);
    }
    const total = rewards.reduce((s, r) => s + r, 0);
    expect(total).toBeCloseTo(1 - MOVE_COST, 12);
    expect(env.column).toBe(3);

    env.reset();
    const left = 1 - (rightActions[0] ?? 0);
    const afterLeft = env.step(left);
    expect([afterLeft.reward, env.column]).toEqual([0, 0]);
    const rest = play(env, [0, 1, 0]);
    expect(rest.terminated).toBe(true);
    expect(rest.rewards.every((r) => r <= 0)).toBe(true);
  });

  it('the action mapping depends on mappingSeed only', () => {
    expect(new DeepSeaEnv().rightAction).toEqual(new DeepSeaEnv().rightAction);
    expect(new DeepSeaEnv({ mappingSeed: 1 }).rightAction).not.toEqual(new DeepSeaEnv().rightAction);
  });
});

describe('scale and noise tasks', () => {
  it('scale multiplies the inner reward; noise is seeded and has the inner reward as mean', () => {
    const small = make('bsuite/catch_scale_small-v0') as Env<Float32Array, number>;
    const plain = make('bsuite/catch-v0') as Env<Float32Array, number>;
    small.reset({ seed: 4 });
    plain.reset({ seed: 4 });
    const a = play(small, Array(9).fill(1)).rewards.at(-1) ?? 0;
    const b = play(plain, Array(9).fill(1)).rewards.at(-1) ?? 0;
    expect(a).toBeCloseTo(b * 0.001, 15);
    const large = make('bsuite/cartpole_scale_large-v0') as Env<Float32Array, number>;
    large.reset({ seed: 0 });
    expect(large.step(0).reward).toBe(1000);

    const noisy = (seed: number): number[] => {
      const env = make('bsuite/cartpole_noise-v0') as Env<Float32Array, number>;
      env.reset({ seed });
      return play(env, [0, 1, 0, 1, 0, 1]).rewards;
    };
    expect(noisy(1)).toEqual(noisy(1));
    expect(noisy(1)).not.toEqual(noisy(2));
    const many = Array.from({ length: 40 }, (_, s) => noisy(s)).flat();
    const meanReward = many.reduce((s, r) => s + r, 0) / many.length;
    expect(meanReward).toBeGreaterThan(0.7);
    expect(meanReward).toBeLessThan(1.3);
    expect(new Set(many).size).toBe(many.length);
  });
});

describe('checkEnv', () => {
  it.each(BSUITE_ENVS.map((e) => e.id))('%s passes', (id) => {
    const env = make(id);
    // The CartPole variants keep CartPole-v1's own findings (its unbounded velocities); the rest have none.
    const expected = id.includes('cartpole') ? checkEnv(make('CartPole-v1').unwrapped) : [];
    expect(expected.every((f) => f.level === 'warning')).toBe(true);
    expect(checkEnv(env.unwrapped)).toEqual(expected);
  });
});
