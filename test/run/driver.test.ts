import { describe, expect, it } from 'vitest';
import { RandomAgent } from '../../agents/random/agent.js';
import { SyncVectorEnv } from '../../src/env/vector/index.js';
import { TimeLimit } from '../../src/env/wrappers/time-limit.js';
import type { Env } from '../../src/env/env.js';
import { Driver } from '../../src/run/driver.js';
import { evaluate } from '../../src/run/evaluate.js';
import { adaptSpaces } from '../../src/run/spaces.js';
import { CountEnv } from './fixtures/count-env.js';

interface Row {
  obs0: number;
  action: number[];
  reward: number;
  isFirst: boolean;
  isLast: boolean;
  isTerminal: boolean;
}

/** Rows the driver hands to the replay over `steps` vector steps of one CountEnv. */
function collect(makeEnv: () => Env, steps: number): Row[] {
  const venv = new SyncVectorEnv([makeEnv]);
  const adapter = adaptSpaces('CountEnv', venv.singleObservationSpace, venv.singleActionSpace);
  const agent = new RandomAgent(adapter.spec, 0);
  const driver = new Driver(venv, adapter);
  driver.reset(agent, 0);
  const rows: Row[] = [];
  for (let i = 0; i < steps; i++) {
    const r = driver.row();
    rows.push({ obs0: r.obs[0]!, action: Array.from(r.action), reward: Number(r.reward[0]), isFirst: Boolean(r.isFirst[0]), isLast: Boolean(r.isLast[0]), isTerminal: Boolean(r.isTerminal[0]) });
    driver.step(agent, 'explore');
  }
  return rows;
}

describe('Driver rows (o_t with a_{t-1}, r_t and flags)', () => {
  it('marks a true termination as terminal, then starts the next episode with a zero action and reward', () => {
    const rows = collect(() => new CountEnv({ terminateAt: 2 }), 6);
    expect(rows.map((r) => r.obs0)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(rows.map((r) => r.isFirst)).toEqual([true, false, false, true, false, false]);
    expect(rows.map((r) => r.isLast)).toEqual([false, false, true, false, false, true]);
    expect(rows.map((r) => r.isTerminal)).toEqual([false, false, true, false, false, true]);
    expect(rows.map((r) => r.reward)).toEqual([0, 1, 1, 0, 1, 1]);
    for (const r of rows) expect(r.action.reduce((a, b) => a + b, 0)).toBe(r.isFirst ? 0 : 1);
    // The obs records the action that led to it: row t's one-hot action equals obs[1] of row t.
  });

  it('marks a TimeLimit truncation as last but not terminal (the continue target stays 1)', () => {
    const rows = collect(() => new TimeLimit(new CountEnv({ terminateAt: 10 }), 3), 8);
    expect(rows.map((r) => r.obs0)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(rows.map((r) => r.isLast)).toEqual([false, false, false, true, false, false, false, true]);
    expect(rows.some((r) => r.isTerminal)).toBe(false);
  });

  it('keeps each sub-env on its own episode clock and reports each episode once', () => {
    const venv = new SyncVectorEnv([() => new CountEnv({ terminateAt: 2 }), () => new CountEnv({ terminateAt: 3 })]);
    const adapter = adaptSpaces('CountEnv', venv.singleObservationSpace, venv.singleActionSpace);
    const agent = new RandomAgent(adapter.spec, 0);
    const driver = new Driver(venv, adapter);
    driver.reset(agent, 0);
    const firsts: boolean[][] = [];
    const ends: [number, number][] = [];
    for (let i = 0; i < 7; i++) {
      firsts.push(Array.from(driver.row().isFirst as boolean[]));
      for (const e of driver.step(agent, 'explore')) ends.push([e.subEnv, e.length]);
    }
    // Sub-env 0 restarts every 3 rows (2 steps + the reset row), sub-env 1 every 4.
    expect(firsts.map((f) => f[0])).toEqual([true, false, false, true, false, false, true]);
    expect(firsts.map((f) => f[1])).toEqual([true, false, false, false, true, false, false]);
    expect(ends).toEqual([[0, 2], [1, 3], [0, 2], [1, 3]]);
  });
});

describe('evaluate', () => {
  it('takes a fixed share of the episodes from each eval env, so short episodes are not over-sampled', () => {
    // Sub-env 0 ends an episode every 2 steps, sub-env 1 every 5: 4 episodes must be 2 of each, not 4 short ones.
    const venv = new SyncVectorEnv([() => new CountEnv({ terminateAt: 2 }), () => new CountEnv({ terminateAt: 5 })]);
    const adapter = adaptSpaces('CountEnv', venv.singleObservationSpace, venv.singleActionSpace);
    const agent = new RandomAgent(adapter.spec, 0);
    const result = evaluate(new Driver(venv, adapter), agent, 4, 0);
    expect([...result.lengths].sort()).toEqual([2, 2, 5, 5]);
    // An odd count: the first sub-env owes the extra episode.
    const three = evaluate(new Driver(new SyncVectorEnv([() => new CountEnv({ terminateAt: 2 }), () => new CountEnv({ terminateAt: 5 })]), adapter), agent, 3, 0);
    expect([...three.lengths].sort()).toEqual([2, 2, 5]);
  });
});
