import { afterEach, describe, expect, it } from 'vitest';
import { AsyncVectorEnv, type VectorEnv } from '../../../src/env/vector/index.js';
import { workerModules } from '../../../src/env/vector/worker-modules.js';
import '../../../envs/register.js';
import { COUNTER_ID } from './fixtures/register-counter.js';

const opened: VectorEnv[] = [];
afterEach(() => {
  while (opened.length > 0) opened.pop()!.close();
});

describe('async vector env workers', () => {
  it('import the modules that registered ids in the parent, without a preload', () => {
    // The classic-control suite and this test's suite both said where their registrations live.
    expect(workerModules().some((m) => m.endsWith('/envs/register.ts'))).toBe(true);
    expect(workerModules().some((m) => m.endsWith('/register-counter.ts'))).toBe(true);
    for (const id of [COUNTER_ID, 'CartPole-v1']) {
      const venv = new AsyncVectorEnv([{ id }]);
      opened.push(venv);
      expect((venv.reset({ seed: 1 }).obs as ArrayLike<number>).length).toBe(id === COUNTER_ID ? 3 : 4);
      expect(venv.step(Int32Array.of(1)).rewards[0]).toBeTypeOf('number');
    }
  });
});
