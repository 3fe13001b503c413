import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { make, makeAsync } from '../../src/env/make.js';
import { register, registeredIds, registry, spec } from '../../src/env/registry.js';
import { parseEnvId } from '../../src/env/spec.js';
import { resetWarnings, warnedMessages } from '../../src/env/warn-once.js';
import { OrderEnforcing } from '../../src/env/wrappers/order-enforcing.js';
import { PassiveEnvChecker } from '../../src/env/wrappers/passive-env-checker.js';
import { RenderCollection } from '../../src/env/wrappers/render-collection.js';
import { TimeLimit } from '../../src/env/wrappers/time-limit.js';
import type { Env } from '../../src/env/env.js';
import type { Wrapper } from '../../src/env/wrapper.js';
import { RegistryError } from '../../src/util/errors.js';
import { Box } from '../../src/env/spaces/box.js';
import { Discrete } from '../../src/env/spaces/discrete.js';
import { GoodEnv } from './helpers/core-envs.js';

register('Test/Good-v1', GoodEnv, { maxEpisodeSteps: 5, rewardThreshold: 3, kwargs: { bonus: 1 } });
register('Test/Good-v2', GoodEnv, { maxEpisodeSteps: 7 });
register('Test/Factory-v0', (kwargs) => new GoodEnv({ ...kwargs, bonus: 10 }));
register('Test/NoCheck-v0', GoodEnv, { disableEnvChecker: true, orderEnforce: false });

afterEach(() => {
  resetWarnings();
  vi.restoreAllMocks();
});
const silence = (): void => void vi.spyOn(console, 'warn').mockImplementation(() => undefined);
// Gymnasium-style warnings (e.g. "Test/Good-v1 is out of date") are asserted through warnedMessages(), not printed.
beforeEach(silence);

/** Class names from the outermost wrapper inwards. */
function stack(env: Env<unknown, unknown>): string[] {
  const names: string[] = [];
  let e: Env<unknown, unknown> | undefined = env;
  while (e) {
    names.push(e.constructor.name);
    e = (e as Wrapper).env as Env<unknown, unknown> | undefined;
  }
  return names;
}

describe('make builds gym.make’s wrapper stack', () => {
  it('TimeLimit(OrderEnforcing(PassiveEnvChecker(env))) with the spec on the env', () => {
    const env = make('Test/Good-v1');
    expect(stack(env)).toEqual(['TimeLimit', 'OrderEnforcing', 'PassiveEnvChecker', 'GoodEnv']);
    expect(env).toBeInstanceOf(TimeLimit);
    expect((env as TimeLimit).maxEpisodeSteps).toBe(5);
    expect(env.spec?.id).toBe('Test/Good-v1');
    expect(env.unwrapped.spec?.kwargs).toMatchObject({ bonus: 1 });
  });

  it('maxEpisodeSteps overrides the limit; -1 leaves TimeLimit out', () => {
    expect((make('Test/Good-v1', { maxEpisodeSteps: 2 }) as TimeLimit).maxEpisodeSteps).toBe(2);
    expect(stack(make('Test/Good-v1', { maxEpisodeSteps: -1 }))).toEqual(['OrderEnforcing', 'PassiveEnvChecker', 'GoodEnv']);
  });

  it('disableEnvChecker and orderEnforce follow the spec and the make options', () => {
    expect(stack(make('Test/NoCheck-v0'))).toEqual(['GoodEnv']);
    expect(stack(make('Test/Good-v2', { disableEnvChecker: true }))).toEqual(['TimeLimit', 'OrderEnforcing', 'GoodEnv']);
  });

  it('env kwargs: registered defaults, overridden by make, passed to a class or a factory', () => {
    const env = make<Float32Array, number>('Test/Good-v1', { maxEpisodeSteps: -1 });
    env.reset({ seed: 0 });
    expect(env.step(1).reward).toBe(2);
    const env2 = make<Float32Array, number>('Test/Good-v1', { bonus: 4, terminateAt: 1 });
    env2.reset({ seed: 0 });
    const r = env2.step(1);
    expect([r.reward, r.terminated]).toEqual([5, true]);
    const f = make<Float32Array, number>('Test/Factory-v0');
    f.reset({ seed: 0 });
    expect(f.step(0).reward).toBe(11);
  });

  it('an unknown kwarg is a RegistryError that names it and what the env reads', () => {
    expect(() => make('Test/Good-v1', { bonnus: 3 })).toThrow(RegistryError);
    expect(() => make('Test/Good-v1', { bonnus: 3 })).toThrow(/unknown kwarg `bonnus` for GoodEnv; Did you mean `bonus`\? It reads .*`bonus`/);
  });

  it('an env that keeps its kwargs object gets a plain object (no tracking left on it) and is not checked early', () => {
    class KeepsKwargs extends GoodEnv {
      constructor(readonly kwargs: Record<string, unknown> = {}) {
        super();
      }
    }
    register('Test/Keeps-v0', KeepsKwargs);
    const env = make('Test/Keeps-v0', { readLater: 5 }).unwrapped as KeepsKwargs;
    expect(Object.getPrototypeOf(env.kwargs)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(env.kwargs, 'readLater')).toMatchObject({ value: 5, writable: true });
  });

  it('renderMode reaches the env; rgb_array_list adds RenderCollection over an rgb_array env', () => {
    expect(make('Test/Good-v1', { renderMode: 'rgb_array' }).unwrapped.renderMode).toBe('rgb_array');
    const env = make('Test/Good-v1', { renderMode: 'rgb_array_list' });
    expect(env).toBeInstanceOf(RenderCollection);
    expect(env.unwrapped.renderMode).toBe('rgb_array');
    expect(env.renderMode).toBe('rgb_array_list');
    env.reset({ seed: 1 });
    env.step(0);
    expect((env.render() as unknown[]).length).toBe(2);
  });

  it('the same seed gives the same first obs through make', () => {
    const a = make<Float32Array, number>('Test/Good-v2').reset({ seed: 42 }).obs;
    const b = make<Float32Array, number>('Test/Good-v2').reset({ seed: 42 }).obs;
    const c = make<Float32Array, number>('Test/Good-v2').reset({ seed: 43 }).obs;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});

describe('ids, versions and errors', () => {
  it('parses Gymnasium’s id grammar', () => {
    expect(parseEnvId('ns/Name-v3')).toEqual({ namespace: 'ns', name: 'Name', version: 3 });
    expect(parseEnvId('CartPole')).toEqual({ namespace: undefined, name: 'CartPole', version: undefined });
    expect(parseEnvId('bad id!')).toBeUndefined();
  });

  it('an unknown id suggests the closest ids', () => {
    expect(() => make('Test/Godo-v1')).toThrow(/doesn't exist\. Did you mean: `Test\/Good-v1`/);
    expect(() => make('Nothing-Like-It-v0')).toThrow(RegistryError);
  });

  it('a missing version names the versions that exist; an older one is deprecated', () => {
    expect(() => make('Test/Good-v3')).toThrow('Environment version v3 for `Test/Good` doesn\'t exist; available: v1, v2. Use `Test/Good-v2`.');
    expect(() => make('Test/Good-v0')).toThrow(/Environment version v0 for `Test\/Good` is deprecated; available: v1, v2/);
  });

  it('an unversioned id means the latest version (with a warning); an older registered version warns', () => {
    silence();
    expect(spec('Test/Good').id).toBe('Test/Good-v2');
    expect(warnedMessages()[0]).toContain('Using the latest versioned environment `Test/Good-v2`');
    make('Test/Good-v1');
    expect(warnedMessages().some((m) => m.includes('Test/Good-v1 is out of date'))).toBe(true);
  });

  it('register validates its arguments; re-registering warns and replaces', () => {
    silence();
    expect(() => register('bad id!', GoodEnv)).toThrow(RegistryError);
    expect(() => register('Test/X-v0', 42 as never)).toThrow(/entry point/);
    expect(() => register('Test/X-v0', GoodEnv, { maxEpisodeSteps: 0 })).toThrow(/positive integer/);
    expect(() => register('Test/Good', GoodEnv)).toThrow(/unversioned/);
    register('Test/Twice-v0', GoodEnv);
    register('Test/Twice-v0', GoodEnv, { maxEpisodeSteps: 9 });
    expect(warnedMessages()).toContain('Overriding environment Test/Twice-v0 already in registry.');
    expect(spec('Test/Twice-v0').maxEpisodeSteps).toBe(9);
  });

  it('registering the same entry point and options again is a silent no-op, also for a class loaded twice', () => {
    silence();
    // Two evaluations of one class declaration: what a second module instance of the same file gives.
    const declare = () => class TwiceLoaded extends GoodEnv {};
    const [first, second] = [declare(), declare()];
    expect(first).not.toBe(second);
    const registered = register('Test/Same-v0', first, { maxEpisodeSteps: 4 });
    expect(register('Test/Same-v0', first, { maxEpisodeSteps: 4 })).toBe(registered);
    expect(register('Test/Same-v0', second, { maxEpisodeSteps: 4 })).toBe(registered);
    expect(warnedMessages()).toEqual([]);
    expect(spec('Test/Same-v0').entryPoint).toBe(first);
    // A different class of the same name still replaces, with the warning.
    const other = class TwiceLoaded extends GoodEnv { override step(a: number) { return super.step(a); } };
    register('Test/Same-v0', other, { maxEpisodeSteps: 4 });
    expect(warnedMessages()).toEqual(['Overriding environment Test/Same-v0 already in registry.']);
  });

  it('registry lists specs', () => {
    expect(registry.get('Test/Good-v1')?.rewardThreshold).toBe(3);
    expect(registeredIds()).toEqual(expect.arrayContaining(['Test/Good-v1', 'Test/Good-v2', 'Test/Factory-v0']));
  });
});

describe('user envs from files and modules', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dreamer-user-env-'));
  const src = (rel: string): string => pathToFileURL(path.resolve(__dirname, '../../src', rel)).href;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // A self-contained .js env (duck-typed spaces): exports a class and a factory.
  writeFileSync(
    path.join(dir, 'plain-env.js'),
    `const space = (n) => ({ shape: [], dtype: 'int64', sample: () => 0, contains: (x) => Number.isInteger(x) && x >= 0 && x < n,
        seed: () => [], toJSON: () => ({ type: 'Discrete', n }), toString: () => 'Discrete(' + n + ')' });
     export class CounterEnv {
       constructor({ renderMode, start = 0 } = {}) { this.renderMode = renderMode; this.start = start;
         this.observationSpace = space(100); this.actionSpace = space(2); this.metadata = { renderModes: [] }; this.n = start; }
       get unwrapped() { return this; }
       reset() { this.n = this.start; return { obs: this.n, info: {} }; }
       step(a) { this.n += 1; return { obs: this.n, reward: a, terminated: this.n >= 3, truncated: false, info: {} }; }
       render() { return undefined; }
       close() {}
     }
     export const makeCounter = (kwargs) => new CounterEnv({ ...kwargs, start: 1 });
     export const notAnEnv = 3;`,
  );
  // A TypeScript env built on the real Env and spaces (loaded through tsx).
  writeFileSync(
    path.join(dir, 'ts-env.ts'),
    `import { Env, type ResetOptions } from '${src('env/env.ts')}';
     import { Box } from '${src('env/spaces/box.ts')}';
     import { Discrete } from '${src('env/spaces/discrete.ts')}';
     export class TsEnv extends Env<Float32Array, number> {
       observationSpace = new Box({ low: -1, high: 1, shape: [1] });
       actionSpace = new Discrete(2);
       constructor(readonly kwargs: { renderMode?: string; sign?: number } = {}) { super(); }
       override reset(opts: ResetOptions = {}) { super.reset(opts); return { obs: Float32Array.of(this.npRandom.uniform(0, 0.5, 1)[0]), info: {} }; }
       step(a: number) { return { obs: Float32Array.of((this.kwargs.sign ?? 1) * 0.5), reward: a, terminated: true, truncated: false, info: {} }; }
     }`,
  );
  // A module that registers an id when imported, and a registered string entry point.
  mkdirSync(path.join(dir, 'node_modules', 'my-user-envs'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'my-user-envs', 'package.json'), JSON.stringify({ name: 'my-user-envs', type: 'module', main: 'index.ts' }));
  writeFileSync(
    path.join(dir, 'node_modules', 'my-user-envs', 'index.ts'),
    `import { register } from '${src('env/registry.ts')}';
     register('User/Counter-v0', '${path.join(dir, 'plain-env.js')}:CounterEnv', { maxEpisodeSteps: 2 });`,
  );

  it('make() cannot import: it points to makeAsync', () => {
    expect(() => make(`${dir}/plain-env.js:CounterEnv`)).toThrow(/makeAsync/);
  });

  it('loads a class or a factory export from a .js file', async () => {
    const env = await makeAsync<number, number>(`${dir}/plain-env.js:CounterEnv`, { start: 1 });
    // CounterEnv does not extend Env (no npRandom, no spec): make adopts it.
    expect(stack(env)).toEqual(['OrderEnforcing', 'PassiveEnvChecker', 'AdoptedEnv']);
    expect(env.reset().obs).toBe(1);
    expect(env.step(1)).toMatchObject({ obs: 2, reward: 1 });
    const f = await makeAsync<number, number>(`${dir}/plain-env.js:makeCounter`);
    expect(f.reset().obs).toBe(1);
    // once loaded, the sync make works too
    expect(make<number, number>(`${dir}/plain-env.js:CounterEnv`).reset().obs).toBe(0);
  });

  it('loads a .ts file through tsx and seeds it like Gymnasium', async () => {
    const env = await makeAsync<Float32Array, number>(`${dir}/ts-env.ts:TsEnv`, { sign: -1 });
    const a = env.reset({ seed: 3 }).obs[0];
    expect(env.reset({ seed: 3 }).obs[0]).toBe(a);
    expect(env.step(0).obs[0]).toBe(-0.5);
    // tsx loaded the file's own copy of the spaces module; instanceof still recognises its spaces.
    expect(env.observationSpace.constructor).not.toBe(Box);
    expect(env.observationSpace).toBeInstanceOf(Box);
    expect(env.actionSpace).toBeInstanceOf(Discrete);
    expect(env.actionSpace).not.toBeInstanceOf(Box);
  });

  it('names what is wrong with a bad file reference', async () => {
    await expect(makeAsync(`${dir}/plain-env.js:Missing`)).rejects.toThrow(/has no export "Missing".*CounterEnv, makeCounter/);
    await expect(makeAsync(`${dir}/plain-env.js:notAnEnv`)).rejects.toThrow(RegistryError);
    await expect(makeAsync(`${dir}/nope.js:X`)).rejects.toThrow(/does not exist/);
  });

  it('"module:EnvId" imports the module, which registers the id with a string entry point', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const env = await makeAsync<number, number>('my-user-envs:User/Counter-v0');
      expect(stack(env)[0]).toBe('TimeLimit');
      env.reset();
      env.step(0);
      expect(env.step(0).truncated).toBe(true);
      await expect(makeAsync('no-such-module-xyz:Foo-v0')).rejects.toThrow(/cannot find module "no-such-module-xyz"/);
    } finally {
      process.chdir(cwd);
    }
  });
});

// Imported only for their types in the assertions above.
void OrderEnforcing;
void PassiveEnvChecker;
