/** The prefill explorer's held actions (`run.prefill_hold`): what MountainCar's flag needs, and still reproducible. */
import '../../../envs/register.js';
import { describe, expect, it } from 'vitest';
import { RandomAgent } from '../../../agents/random/agent.js';
import { make } from '../../../src/env/index.js';

const BOX = { kind: 'continuous', dims: 1 } as const;
const firsts = (n: number, first: boolean) => new Array<boolean>(n).fill(first);

/** `steps` policy calls on `n` sub-envs, the first one an episode start; [step][sub-env] of the first action entry. */
function actions(agent: RandomAgent, n: number, steps: number, restartAt = -1): number[][] {
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) out.push(Array.from(agent.policy(new Float32Array(n), firsts(n, t === 0 || t === restartAt), undefined, 'explore').action));
  return out;
}

describe('RandomAgent with hold', () => {
  it('keeps each sub-env action for `hold` steps, then draws a new one', () => {
    const got = actions(new RandomAgent(BOX, 7, 4), 2, 12);
    for (let t = 0; t < 12; t++) for (let i = 0; i < 2; i++) expect(got[t]![i]).toBe(got[t - (t % 4)]![i]);
    for (const t of [4, 8]) for (let i = 0; i < 2; i++) expect(got[t]![i]).not.toBe(got[t - 1]![i]);
    expect(got[0]![0]).not.toBe(got[0]![1]); // sub-envs draw their own
  });

  it('draws afresh at an episode start', () => {
    const got = actions(new RandomAgent(BOX, 7, 10), 1, 6, 3);
    expect(got[3]![0]).not.toBe(got[2]![0]);
    expect(got[5]![0]).toBe(got[3]![0]);
  });

  it('with hold 1 is the per-step uniform policy it always was, and evaluation never holds', () => {
    const plain = actions(new RandomAgent(BOX, 3), 2, 5);
    expect(new Set(plain.flat()).size).toBe(10);
    const held = new RandomAgent(BOX, 3, 50);
    const evals = [0, 1, 2].map(() => Array.from(held.policy(new Float32Array(1), [false], undefined, 'eval').action)[0]);
    expect(new Set(evals).size).toBe(3);
  });

  it('one-hot actions for a discrete space, held the same way', () => {
    const got = actions(new RandomAgent({ kind: 'discrete', n: 3 }, 1, 5), 1, 10);
    for (const row of got) expect(row.reduce((a, b) => a + b, 0)).toBe(1);
    for (let t = 1; t < 5; t++) expect(got[t]).toEqual(got[0]);
  });

  it('resumes mid-hold from its checkpoint parts', () => {
    const a = new RandomAgent(BOX, 11, 6);
    actions(a, 2, 3);
    const parts = a.save();
    const b = new RandomAgent(BOX, 0, 6);
    b.load(JSON.parse(JSON.stringify(parts)), 'training', 'test');
    // The next 8 steps (no episode start): the 3 left of the current holds, then new draws from the same generator.
    const next = (agent: RandomAgent) => [...Array(8).keys()].map(() => Array.from(agent.policy(new Float32Array(2), firsts(2, false), undefined, 'explore').action));
    const [fromA, fromB] = [next(a), next(b)];
    expect(fromB).toEqual(fromA);
    expect(fromA[2]).toEqual(fromA[0]);
    expect(fromA[3]).not.toEqual(fromA[2]);
  });

  it('rejects a hold that is not a whole number >= 1', () => {
    expect(() => new RandomAgent(BOX, 0, 0)).toThrow(/hold must be a whole number >= 1, got 0/);
    expect(() => new RandomAgent(BOX, 0, 2.5)).toThrow(/got 2.5/);
  });

  it("reaches MountainCarContinuous' flag with holds of 25 steps, where per-step draws do not", { timeout: 60_000 }, () => {
    const flags = (hold: number): number => {
      let reached = 0;
      for (let ep = 0; ep < 10; ep++) {
        const env = make('MountainCarContinuous-v0');
        env.reset({ seed: ep });
        const agent = new RandomAgent(BOX, 100 + ep, hold);
        for (let t = 0, done = false; !done; t++) {
          const a = agent.policy(new Float32Array(1), [t === 0], undefined, 'explore').action;
          const { terminated, truncated } = env.step(Float32Array.from(a) as never);
          if (terminated) reached++;
          done = terminated || truncated;
        }
        env.close();
      }
      return reached;
    };
    expect(flags(1)).toBe(0);
    expect(flags(25)).toBeGreaterThanOrEqual(8);
  });
});
