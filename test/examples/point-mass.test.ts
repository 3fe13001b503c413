import { describe, expect, it } from 'vitest';
import { PointMass } from '../../envs/examples/point-mass.js';
import { Box } from '../../src/env/spaces/box.js';
import { Discrete } from '../../src/env/spaces/discrete.js';

const STEPS = 30;

/** Observations and rewards of one seeded episode prefix under a fixed action sequence. */
function rollout(env: PointMass, actions: readonly (Float32Array | number)[], seed = 3) {
  env.reset({ seed });
  return actions.map((a) => {
    const r = env.step(a);
    return [...r.obs, r.reward];
  });
}

describe('PointMass discreteActions', () => {
  it('has Discrete(3) actions only when asked', () => {
    expect(new PointMass().actionSpace).toBeInstanceOf(Box);
    const space = new PointMass({ discreteActions: true }).actionSpace;
    expect(space).toBeInstanceOf(Discrete);
    expect((space as Discrete).n).toBe(3);
  });

  it('moves exactly like the Box env at force -1, 0, +1', () => {
    const discrete = Array.from({ length: STEPS }, (_, t) => [2, 1, 0][t % 3]!);
    const forces = discrete.map((a) => Float32Array.of(a - 1));
    expect(rollout(new PointMass({ discreteActions: true }), discrete)).toEqual(rollout(new PointMass(), forces));
  });

  it('coasting from rest keeps the mass where it started', () => {
    const env = new PointMass({ discreteActions: true });
    const start = env.reset({ seed: 5 }).obs;
    const end = rollout(env, Array.from({ length: STEPS }, () => 1), 5).at(-1)!;
    expect(end[0]).toBeCloseTo(start[0]!, 6);
    expect(end[3]).toBeCloseTo(-Math.abs(start[0]! - start[2]!), 6); // reward = -|x - g|, no action cost
  });
});
