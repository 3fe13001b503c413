import { describe, expect, it } from 'vitest';
import { TimeLimit } from '../../../src/env/wrappers/time-limit.js';
import { ActionRepeat } from '../../../src/env/wrappers/index.js';
import { ConfigError } from '../../../src/util/errors.js';
import { CounterEnv } from '../helpers/scripted-envs.js';

// CounterEnv: reward = 10 t + action at step t (1-based since reset); obs[0] = t; info.t = t.
describe('ActionRepeat', () => {
  it('steps the env `repeat` times with the same action, sums the rewards, returns the last observation and info', () => {
    const inner = new CounterEnv();
    const env = new ActionRepeat(inner, 3);
    env.reset({ seed: 0 });
    const first = env.step(1);
    expect(inner.t).toBe(3);
    expect(first.reward).toBe(11 + 21 + 31);
    expect(first.obs[0]).toBe(3);
    expect(first.info).toEqual({ t: 3 });
    expect([first.terminated, first.truncated]).toEqual([false, false]);
    expect(env.step(2).reward).toBe(42 + 52 + 62);
  });

  it('stops at the step that terminates: its result, the rewards up to it', () => {
    const inner = new CounterEnv({ terminateAt: 4 });
    const env = new ActionRepeat(inner, 3);
    env.reset();
    env.step(0);
    const last = env.step(0);
    expect(inner.t).toBe(4);
    expect(last.reward).toBe(40);
    expect(last.terminated).toBe(true);
    expect(last.obs[0]).toBe(4);
  });

  it("outside a TimeLimit, truncates at the limit's control step, not `repeat` times later", () => {
    const inner = new CounterEnv();
    const env = new ActionRepeat(new TimeLimit(inner, 5), 2);
    env.reset();
    expect([env.step(0).truncated, env.step(0).truncated]).toEqual([false, false]);
    const last = env.step(0);
    expect(inner.t).toBe(5);
    expect([last.truncated, last.reward]).toEqual([true, 50]);
    // After a reset the limit counts again from 0: 3 repeated steps = 5 control steps once more.
    env.reset();
    const ends = [env.step(0), env.step(0), env.step(0)].map((r) => r.truncated);
    expect(ends).toEqual([false, false, true]);
    expect(inner.t).toBe(5);
  });

  it('repeat 1 is the env itself; renderFps is per repeated step; a bad repeat is refused', () => {
    const inner = new CounterEnv();
    inner.metadata = { renderModes: [], renderFps: 100 };
    const once = new ActionRepeat(inner, 1);
    once.reset();
    expect(once.step(2).reward).toBe(12);
    expect(once.metadata.renderFps).toBe(100);
    expect(new ActionRepeat(inner, 4).metadata.renderFps).toBe(25);
    expect(() => new ActionRepeat(inner, 0)).toThrow(ConfigError);
    expect(() => new ActionRepeat(inner, 1.5)).toThrow(/whole number >= 1, got 1.5/);
  });
});
