import { describe, expect, it } from 'vitest';
import { Box } from '../../../src/env/spaces/box.js';
import { ClipAction, RescaleAction } from '../../../src/env/wrappers/index.js';
import { WrapperError } from '../../../src/util/errors.js';
import { CounterEnv, EchoEnv } from '../helpers/scripted-envs.js';

describe('ClipAction', () => {
  it('clips into the env Box and keeps the action dtype', () => {
    const inner = new EchoEnv([-1, 0], [1, 2]);
    const env = new ClipAction(inner);
    env.reset();
    env.step(Float32Array.from([2.5, -3]));
    expect(inner.lastAction).toBeInstanceOf(Float32Array);
    expect(Array.from(inner.lastAction!)).toEqual([1, 0]);
    env.step([0.25, 5]);
    expect(inner.lastAction).toBeInstanceOf(Float64Array);
    expect(Array.from(inner.lastAction!)).toEqual([0.25, 2]);
  });

  it('exposes an unbounded Box of the same shape and dtype', () => {
    const space = new ClipAction(new EchoEnv()).actionSpace as Box<'float32'>;
    expect(space).toBeInstanceOf(Box);
    expect(space.shape).toEqual([2]);
    expect(space.dtype).toBe('float32');
    expect(Array.from(space.low)).toEqual([-Infinity, -Infinity]);
    expect(Array.from(space.high)).toEqual([Infinity, Infinity]);
  });

  it('refuses a Discrete action space', () => {
    expect(() => new ClipAction(new CounterEnv() as never)).toThrow(WrapperError);
  });
});

describe('RescaleAction', () => {
  // Closed form of the affine map from [min, max] onto [low, high].
  const toEnv = (a: number, min: number, max: number, low: number, high: number): number => low + ((a - min) * (high - low)) / (max - min);

  it('maps [min, max] affinely onto the env bounds (float64 actions exact)', () => {
    const inner = new EchoEnv([-2, 0], [2, 1]);
    const env = new RescaleAction(inner, -1, 1);
    env.reset();
    for (const a of [[-1, 1], [1, -1], [0, 0], [0.5, -0.25]]) {
      env.step(Float64Array.from(a));
      const got = inner.lastAction!;
      expect(got).toBeInstanceOf(Float64Array);
      expect(got[0]).toBeCloseTo(toEnv(a[0], -1, 1, -2, 2), 12);
      expect(got[1]).toBeCloseTo(toEnv(a[1], -1, 1, 0, 1), 12);
    }
  });

  it('computes float32 actions in float32 and accepts per-element bounds', () => {
    const inner = new EchoEnv(-1, 1);
    const env = new RescaleAction(inner, [0, -10], [1, 10]);
    env.reset();
    env.step(Float32Array.from([0.3, 2.5]));
    const got = inner.lastAction!;
    expect(got).toBeInstanceOf(Float32Array);
    expect(got[0]).toBeCloseTo(toEnv(Math.fround(0.3), 0, 1, -1, 1), 6);
    expect(got[1]).toBeCloseTo(toEnv(2.5, -10, 10, -1, 1), 6);
    const space = env.actionSpace as Box<'float32'>;
    expect(Array.from(space.low)).toEqual([0, -10]);
    expect(Array.from(space.high)).toEqual([1, 10]);
    expect(space.dtype).toBe('float32');
  });

  it('rejects min > max and infinite bounds over a finite env Box', () => {
    expect(() => new RescaleAction(new EchoEnv(), 1, -1)).toThrow(/minAction\[0\]=1 > maxAction\[0\]=-1/);
    expect(() => new RescaleAction(new EchoEnv(), -Infinity, 1)).toThrow(WrapperError);
    expect(() => new RescaleAction(new EchoEnv(), [0, 0, 0], 1)).toThrow(/3 values/);
  });
});
