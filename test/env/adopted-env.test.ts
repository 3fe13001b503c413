import { describe, expect, it } from 'vitest';
import { AdoptedEnv } from '../../src/env/adopted-env.js';
import { make } from '../../src/env/make.js';
import { register } from '../../src/env/registry.js';
import { Box, Discrete, Env, type EnvBase, type ResetOptions } from '../../src/index.js';
import { RegistryError } from '../../src/util/errors.js';

/** The shape and nothing else: no `extends Env`. `implements Env` is the public type; tsc must accept it. */
class Shaped implements Env<Float32Array, number> {
  observationSpace = new Box({ low: -5, high: 5, shape: [1] });
  actionSpace = new Discrete(2);
  state = [0];
  reset(opts: ResetOptions = {}) {
    this.state = [opts.seed ?? 0];
    return { obs: Float32Array.of(this.state[0]!), info: {} };
  }
  step(action: number) {
    this.state = [this.state[0]! + action];
    return { obs: Float32Array.of(this.state[0]!), reward: 1, terminated: false, truncated: false, info: {} };
  }
}

/** Existing code that extends the base class keeps compiling against the same public name. */
class Extended extends Env<Float32Array, number> {
  observationSpace = new Box({ low: -5, high: 5, shape: [1] });
  actionSpace = new Discrete(2);
  override reset(opts: ResetOptions = {}) {
    super.reset(opts);
    return { obs: Float32Array.of(this.npRandom.uniform(0, 1, 1)[0]!), info: {} };
  }
  step() {
    return { obs: Float32Array.of(0), reward: 0, terminated: true, truncated: false, info: {} };
  }
}

register('Adopt/Shaped-v0', Shaped, { maxEpisodeSteps: 3 });
register('Adopt/Extended-v0', Extended);
register('Adopt/Factory-v0', () => new Shaped());
register('Adopt/NotAnEnv-v0', () => ({ reset: () => undefined }) as unknown as Shaped);

describe('an env of the right shape that does not extend Env', () => {
  it('make wraps it once, gives it spec, npRandom and unwrapped, and passes reset/step/state through', () => {
    const env = make<Float32Array, number>('Adopt/Shaped-v0');
    const raw: EnvBase = env.unwrapped;
    expect(raw).toBeInstanceOf(AdoptedEnv);
    expect((raw as AdoptedEnv).adopted).toBeInstanceOf(Shaped);
    expect(raw.spec?.id).toBe('Adopt/Shaped-v0');
    expect(env.reset({ seed: 2 }).obs).toEqual(Float32Array.of(2));
    expect(typeof raw.npRandom.uniform).toBe('function');
    expect(env.step(1).obs).toEqual(Float32Array.of(3));
    expect((raw as unknown as { state: number[] }).state).toEqual([3]);
    (raw as unknown as { state: number[] }).state = [4];
    expect(env.step(1).obs).toEqual(Float32Array.of(5));
    expect(env.step(0).truncated).toBe(true); // the registered TimeLimit of 3 applies
    expect(String(raw)).toBe('<Shaped<Adopt/Shaped-v0>>');
    expect(make('Adopt/Factory-v0').unwrapped).toBeInstanceOf(AdoptedEnv);
  });

  it('an env that extends Env is used as it is', () => {
    const raw = make('Adopt/Extended-v0').unwrapped;
    expect(raw).toBeInstanceOf(Extended);
    expect(raw).toBeInstanceOf(Env);
  });

  it('an object without the shape is refused with the members it lacks', () => {
    expect(() => make('Adopt/NotAnEnv-v0')).toThrow(RegistryError);
    expect(() => make('Adopt/NotAnEnv-v0')).toThrow(/an object without observationSpace, actionSpace, step\). An env needs observationSpace, actionSpace, reset\(\) and step\(\)/);
  });
});
