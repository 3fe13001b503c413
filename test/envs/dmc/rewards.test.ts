import { describe, expect, it } from 'vitest';
import { type Sigmoid, tolerance } from '../../../envs/dmc/rewards.js';
import { EnvError } from '../../../src/util/errors.js';

const at = (x: number, sigmoid: Sigmoid, valueAtMargin = 0.1): number => tolerance(x, { margin: 1, sigmoid, valueAtMargin });

describe('tolerance (dm_control rewards.tolerance)', () => {
  it('is 1 inside the bounds (edges included) for every sigmoid, and an indicator when margin is 0', () => {
    expect(tolerance(1.5, { bounds: [1, 2], margin: 1 })).toBe(1);
    expect(tolerance(1, { bounds: [1, 2] })).toBe(1);
    expect(tolerance(2, { bounds: [1, 2] })).toBe(1);
    expect(tolerance(2.0001, { bounds: [1, 2] })).toBe(0);
    expect(tolerance(0)).toBe(1);
    expect(tolerance(1e-9)).toBe(0);
  });

  it('equals valueAtMargin one margin outside, for every sigmoid', () => {
    for (const s of ['gaussian', 'hyperbolic', 'long_tail', 'reciprocal', 'cosine', 'linear', 'quadratic', 'tanh_squared'] as const) {
      expect(at(1, s), s).toBeCloseTo(0.1, 12);
      expect(at(-1, s), s).toBeCloseTo(0.1, 12);
    }
  });

  it('matches the closed forms two margins out', () => {
    expect(at(2, 'gaussian')).toBeCloseTo(1e-4, 14); // exp(-½·(2s)²) with s² = -2 ln 0.1: 0.1^(2²)
    expect(at(2, 'hyperbolic')).toBeCloseTo(1 / 199, 14); // 1/cosh(2·acosh 10) = 1/(2·10²-1)
    expect(at(2, 'long_tail')).toBeCloseTo(1 / 37, 14); // 1/(4·9+1)
    expect(at(2, 'reciprocal')).toBeCloseTo(1 / 19, 14); // 1/(2·9+1)
    expect(at(2, 'tanh_squared')).toBeCloseTo(0.01 / 3.61, 14); // 1 - tanh(2a)², tanh a = √0.9
    expect(at(2, 'cosine')).toBe(0); // past the support
    expect(at(2, 'linear')).toBe(0); // scaled x = 2·0.9 >= 1
    expect(at(1.05, 'linear')).toBeCloseTo(1 - 1.05 * 0.9, 14);
  });

  it('matches the closed forms inside the margin, with value 0 at the margin for the finite-support sigmoids', () => {
    expect(at(0.5, 'gaussian')).toBeCloseTo(0.1 ** 0.25, 14);
    expect(at(0.5, 'cosine', 0)).toBeCloseTo(0.5, 14); // (1 + cos(π/2)) / 2
    expect(at(0.25, 'linear', 0)).toBeCloseTo(0.75, 14);
    expect(at(0.5, 'quadratic', 0)).toBeCloseTo(0.75, 14);
    expect(at(1, 'quadratic', 0)).toBe(0);
    expect(at(1, 'linear', 0)).toBe(0);
    // Distance is measured to the nearest bound and divided by the margin.
    expect(tolerance(3, { bounds: [1, 2], margin: 2 })).toBeCloseTo(0.1 ** 0.25, 14);
    expect(tolerance(0, { bounds: [1, 2], margin: 2 })).toBeCloseTo(0.1 ** 0.25, 14);
  });

  it('is (nearly) 0 far outside', () => {
    expect(at(100, 'gaussian')).toBe(0);
    expect(at(100, 'long_tail')).toBeCloseTo(1 / (1e4 * 9 + 1), 14);
    expect(at(100, 'quadratic')).toBe(0);
  });

  it('rejects bad arguments with named errors', () => {
    expect(() => tolerance(0, { bounds: [1, 0] })).toThrow(EnvError);
    expect(() => tolerance(0, { margin: -1 })).toThrow(/margin must be >= 0/);
    expect(() => tolerance(2, { margin: 1, valueAtMargin: 0 })).toThrow(/\(0, 1\) for the gaussian/);
    expect(() => tolerance(2, { margin: 1, valueAtMargin: 1, sigmoid: 'linear' })).toThrow(/\[0, 1\)/);
    expect(() => tolerance(2, { margin: 1, sigmoid: 'bogus' as Sigmoid })).toThrow(/unknown sigmoid "bogus"/);
  });
});
