import { afterEach, describe, expect, it } from 'vitest';
import type { AutoresetMode } from '../../../src/env/env.js';
import {
  AsyncVectorEnv,
  SyncVectorEnv,
  type VectorEnv,
  type VectorStepResult,
} from '../../../src/env/vector/index.js';
import { VectorEnvError, VectorWorkerError } from '../../../src/util/errors.js';
import '../../../envs/register.js';
import { make } from '../../../src/env/make.js';
import type { EnvSource } from '../../../src/env/vector/index.js';
import { ACTION_EXIT_THREAD, ACTION_HANG, ACTION_THROW, CounterEnv } from '../helpers/scripted-envs.js';

const COUNTER = './test/env/helpers/scripted-envs.ts:CounterEnv';
// Two sub-envs keep worker start-ups (a tsx load each) few; SyncVectorEnv's own tests cover more end patterns.
const PLANS = [{ terminateAt: 2 }, { truncateAt: 3 }];
// A registered id needs no tsx in the worker (faster start); a short limit makes episodes end by truncation too.
const CARTPOLE = { id: 'CartPole-v1', kwargs: { maxEpisodeSteps: 4 } };
/** Async sources and the equivalent sync sub-envs: the scripted CounterEnv (rich infos) or CartPole. */
const FIXTURES: Record<'counter' | 'cartpole', { sources: EnvSource[]; envs: () => (() => CounterEnv | ReturnType<typeof make>)[] }> = {
  counter: { sources: PLANS.map((kwargs) => ({ id: COUNTER, kwargs })), envs: () => PLANS.map((p) => () => new CounterEnv(p)) },
  cartpole: { sources: [CARTPOLE, CARTPOLE], envs: () => [0, 1].map(() => () => make('CartPole-v1', CARTPOLE.kwargs)) },
};
const opened: VectorEnv[] = [];
const track = <T extends VectorEnv>(env: T): T => (opened.push(env), env);
afterEach(() => {
  while (opened.length > 0) opened.pop()!.close();
});

/** Plain data for comparing results of two vector envs (typed arrays as arrays, recursively). */
function plain(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return { typed: x.constructor.name, values: Array.from(x as Float32Array) };
  if (Array.isArray(x)) return x.map(plain);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}

describe('AsyncVectorEnv', () => {
  it.each<[AutoresetMode, 'counter' | 'cartpole']>([
    ['NextStep', 'cartpole'],
    ['SameStep', 'counter'],
    ['Disabled', 'cartpole'],
  ])('%s gives exactly the results of SyncVectorEnv (%s)', (mode, fixture) => {
    const asyncEnvs = track(new AsyncVectorEnv(FIXTURES[fixture].sources, { autoresetMode: mode }));
    const syncEnvs = track(new SyncVectorEnv(FIXTURES[fixture].envs(), { autoresetMode: mode }));
    expect(asyncEnvs.metadata.autoresetMode).toBe(mode);
    expect(String(asyncEnvs.observationSpace)).toBe(String(syncEnvs.observationSpace));
    expect(String(asyncEnvs.actionSpace)).toBe(String(syncEnvs.actionSpace));
    expect(plain(asyncEnvs.reset({ seed: 11 }))).toEqual(plain(syncEnvs.reset({ seed: 11 })));
    for (let t = 0; t < 7; t++) {
      const actions = Float64Array.from([t % 2, (t >> 1) % 2]);
      const a: VectorStepResult<unknown> = asyncEnvs.step(actions);
      expect(plain(a)).toEqual(plain(syncEnvs.step(actions)));
    }
    const mask = { resetMask: [false, true] };
    expect(plain(asyncEnvs.reset({ seed: 4, options: mask }))).toEqual(plain(syncEnvs.reset({ seed: 4, options: mask })));
  });

  it('surfaces an error thrown inside a worker with the sub-env index, keeps working, and closes', () => {
    const envs = new AsyncVectorEnv(PLANS.map((kwargs) => ({ id: COUNTER, kwargs })));
    envs.reset({ seed: 0 });
    let error: unknown;
    try {
      envs.step(Float64Array.from([0, ACTION_THROW]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VectorWorkerError);
    expect((error as VectorWorkerError).envIndex).toBe(1);
    expect((error as Error).message).toMatch(/sub-env 1 failed in step\(\).*CounterEnv was asked to fail/);
    // The other workers' replies were consumed: the next step lines up.
    const next = envs.step(Float64Array.from([0, 0]));
    expect(Array.from(next.rewards)).toEqual([20, 10]);
    // A sub-env whose code ends its thread is reported too, and the env then refuses further calls.
    // (Sub-env 0 terminated on the last step, so NextStep would ignore its action: use sub-env 1.)
    expect(() => envs.step(Float64Array.from([0, ACTION_EXIT_THREAD]))).toThrow(/sub-env 1 failed in step\(\).*exited with code 3/);
    expect(() => envs.step(Float64Array.from([0, 0]))).toThrow(/worker of sub-env 1 has exited/);
    envs.close();
    envs.close();
    expect(() => envs.step(Float64Array.from([0, 0]))).toThrow(VectorEnvError);
  });

  it('stops a worker that does not answer within timeoutMs', () => {
    const envs = track(new AsyncVectorEnv([{ id: COUNTER }], { timeoutMs: 1000 }));
    envs.reset();
    expect(() => envs.step(Float64Array.from([ACTION_HANG]))).toThrow(/sub-env 0 failed in step\(\).*TimeoutError: no reply within 1000 ms/);
    expect(() => envs.step(Float64Array.from([0]))).toThrow(/worker of sub-env 0 has exited/);
  });

  it('reports a sub-env that cannot be built, naming its index', () => {
    expect(() => new AsyncVectorEnv([{ id: 'CartPole-v1' }, { id: './no/such/file.js:Env' }])).toThrow(
      /sub-env 1 failed in construct\(\).*does not exist/,
    );
  });
});
