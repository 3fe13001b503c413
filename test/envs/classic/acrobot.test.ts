import { describe, expect, it } from 'vitest';
import { AcrobotEnv } from '../../../envs/classic/acrobot.js';
import { wrap } from '../../../envs/classic/acrobot-dynamics.js';
import { InvalidActionError } from '../../../src/util/errors.js';
import { describeGolden, openThroughMake } from './golden.js';

describeGolden('Acrobot-v1', (seed) => {
  const env = new AcrobotEnv();
  env.reset({ seed });
  return { env, hasTimeLimit: false, setState: (v) => (env.state = v), getState: () => env.state! };
}, 'directly on the class');

describeGolden('Acrobot-v1', openThroughMake('Acrobot-v1'), 'through make()');

describe('AcrobotEnv', () => {
  it('reset draws are rounded to float32', () => {
    const env = new AcrobotEnv();
    env.reset({ seed: 11 });
    for (const v of env.state!) expect(Math.fround(v)).toBe(v);
  });

  it('indexes the torque table like a Python list: -1 is +1 torque, 3 throws', () => {
    const a = new AcrobotEnv();
    const b = new AcrobotEnv();
    a.reset({ seed: 2 });
    b.reset({ seed: 2 });
    expect(Array.from(a.step(-1).obs)).toEqual(Array.from(b.step(2).obs));
    expect(() => a.step(3)).toThrow(InvalidActionError);
    expect(() => a.step(0.5)).toThrow(/Discrete\(3\)/);
  });

  it('wrap shifts by whole turns into [-π, π]', () => {
    expect(wrap(3 * Math.PI + 0.5, -Math.PI, Math.PI)).toBeCloseTo(-Math.PI + 0.5, 12);
    expect(wrap(-7, -Math.PI, Math.PI)).toBeCloseTo(-7 + 2 * Math.PI, 12);
  });

  it('a hanging, resting acrobot with zero torque stays at rest (equilibrium)', () => {
    const env = new AcrobotEnv();
    env.state = [0, 0, 0, 0];
    const r = env.step(1);
    expect(Array.from(env.state!).map((v) => Math.abs(v) < 1e-15)).toEqual([true, true, true, true]);
    expect(r.reward).toBe(-1);
  });
});
