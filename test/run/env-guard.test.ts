import { describe, expect, it } from 'vitest';
import { Env } from '../../src/env/env.js';
import type { ResetOptions, ResetResult, StepResult } from '../../src/env/env.js';
import type { Space, SpaceJSON } from '../../src/env/spaces/space.js';
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import { callGuarded, checkVectorStep, EnvGuard } from '../../src/run/env-guard.js';
import { EnvError } from '../../src/util/errors.js';

/** A minimal 2-D float space (the real Box lives in src/env/spaces; the guard only needs the Space interface). */
class Vec2Space implements Space<Float32Array> {
  readonly shape = [2];
  readonly dtype = 'float32' as const;
  sample(): Float32Array {
    return new Float32Array(2);
  }
  contains(x: unknown): boolean {
    return x instanceof Float32Array && x.length === 2;
  }
  seed(): number[] {
    return [];
  }
  get npRandom(): RandomGenerator {
    throw new Error('unused');
  }
  toJSON(): SpaceJSON {
    return { type: 'Vec2' };
  }
  toString(): string {
    return 'Box(-inf, inf, (2,), float32)';
  }
}

/** Plays back a script of step results; `throwAt` makes step number k throw. */
class ScriptedEnv extends Env<Float32Array, number> {
  observationSpace = new Vec2Space();
  actionSpace = new Vec2Space() as unknown as Space<number>;
  private t = 0;
  constructor(private readonly script: Partial<StepResult<unknown>>[], private readonly resetObs: unknown = new Float32Array(2)) {
    super();
    this.spec = { id: 'Scripted-v0', kwargs: {} };
  }
  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    super.reset(opts);
    this.t = 0;
    return { obs: this.resetObs as Float32Array, info: {} };
  }
  step(): StepResult<Float32Array> {
    const entry = this.script[this.t++]!;
    if ('info' in entry && entry.info?.throw) throw new RangeError('physics exploded');
    return { obs: new Float32Array([0.5, -0.5]), reward: 1, terminated: false, truncated: false, info: {}, ...entry } as StepResult<Float32Array>;
  }
}

const ok = {};

function runUntilError(env: ScriptedEnv, opts: ConstructorParameters<typeof EnvGuard>[1] = {}): EnvError {
  const guard = new EnvGuard(env, opts);
  guard.reset();
  try {
    for (;;) guard.step(0);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return err as EnvError;
  }
}

describe('EnvGuard', () => {
  it('passes good steps through unchanged', () => {
    const guard = new EnvGuard(new ScriptedEnv([ok, { reward: -2.5, terminated: true }]));
    guard.reset();
    expect(guard.step(0).reward).toBe(1);
    const last = guard.step(0);
    expect([last.reward, last.terminated, Array.from(last.obs)]).toEqual([-2.5, true, [0.5, -0.5]]);
  });

  it('names env id, step, sub-env and the NaN element of the observation', () => {
    const err = runUntilError(new ScriptedEnv([ok, ok, { obs: new Float32Array([1, Number.NaN]) }]), { subEnv: 2 });
    expect(err.message).toMatch(/^env "Scripted-v0" \(sub-env 2\) at env step 3: step\(\) obs\[1\] is NaN\. Fix: /);
  });

  it('reports Inf, a wrong shape and a bad reset observation', () => {
    expect(runUntilError(new ScriptedEnv([{ obs: new Float32Array([Infinity, 0]) }])).message).toMatch(/obs\[0\] is Infinity/);
    expect(runUntilError(new ScriptedEnv([{ obs: new Float32Array(3) }])).message).toMatch(
      /step\(\) obs has 3 values but the observation space .* has shape \[2\] \(2 values\)/,
    );
    const badReset = new EnvGuard(new ScriptedEnv([], new Float32Array([Number.NaN, 0])));
    expect(() => badReset.reset()).toThrow(/at env step 0: reset\(\) obs\[0\] is NaN/);
  });

  it('reports a NaN, infinite or non-number reward and non-boolean flags', () => {
    expect(runUntilError(new ScriptedEnv([ok, { reward: Number.NaN }])).message).toMatch(/env step 2: step\(\) reward is NaN\. Fix: return a finite number/);
    expect(runUntilError(new ScriptedEnv([{ reward: -Infinity }])).message).toMatch(/reward is -Infinity/);
    expect(runUntilError(new ScriptedEnv([{ reward: '1' as unknown as number }])).message).toMatch(/reward is "1"/);
    expect(runUntilError(new ScriptedEnv([{ terminated: 0 as unknown as boolean }])).message).toMatch(/terminated is 0\. Fix: return true or false/);
  });

  it('turns an exception from step into an EnvError that keeps the cause', () => {
    const err = runUntilError(new ScriptedEnv([ok, { info: { throw: true } }]), { subEnv: 1 });
    expect(err.message).toMatch(/sub-env 1\) at env step 2: step\(\) threw RangeError: physics exploded\. Fix the env's step\(\)/);
    expect(err.cause).toBeInstanceOf(RangeError);
  });

  it("uses the run's clock for the step number when given one", () => {
    const err = runUntilError(new ScriptedEnv([{ reward: Number.NaN }]), { clock: () => 12_345 });
    expect(err.message).toMatch(/at env step 12345:/);
  });
});

describe('checkVectorStep', () => {
  const site = { envId: 'Pendulum-v1', step: 640, call: 'step' as const };

  it('accepts a finite batch and names the sub-env and element of a bad value', () => {
    expect(() => checkVectorStep({ obs: Float32Array.of(1, 2, 3, 4, 5, 6), rewards: [0, -1] }, 2, 3, site)).not.toThrow();
    expect(() => checkVectorStep({ obs: Float32Array.of(1, 2, 3, 4, Number.NaN, 6), rewards: [0, -1] }, 2, 3, site)).toThrow(
      /^env "Pendulum-v1" \(sub-env 1\) at env step 640: step\(\) obs\[1\] is NaN\./,
    );
    expect(() => checkVectorStep({ obs: new Float32Array(6), rewards: [0, Infinity] }, 2, 3, site)).toThrow(/\(sub-env 1\) .* reward is Infinity/);
    expect(() => checkVectorStep({ obs: new Float32Array(5), rewards: [0, 0] }, 2, 3, site)).toThrow(/obs batch has 5 values, expected 2 sub-envs x 3/);
  });

  it('callGuarded without a sub-env leaves it out of the message', () => {
    expect(() => callGuarded(() => { throw new Error('worker died'); }, site)).toThrow(/^env "Pendulum-v1" at env step 640: step\(\) threw Error: worker died/);
  });

  it("a guard around a guarded sub-env passes its EnvError on once, and an error's own full stop is not doubled", () => {
    const inner = { ...site, subEnv: 0, step: 1 };
    let caught: unknown;
    try {
      callGuarded(() => callGuarded(() => { throw new Error('call env.reset() first.'); }, inner), site);
    } catch (err) {
      caught = err;
    }
    const message = (caught as Error).message;
    expect(message).toMatch(/^env "Pendulum-v1" \(sub-env 0\) at env step 1: step\(\) threw Error: call env\.reset\(\) first\. Fix the env's step\(\)/);
    expect(message).not.toContain('..');
    expect(message.match(/Fix the env's/g)).toHaveLength(1);
  });
});
