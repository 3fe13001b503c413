import { describe, expect, it } from 'vitest';
import { MujocoObjects, loadMujoco, mujoco, withMujocoObjects } from '../../../envs/dmc/mujoco.js';
import { EnvError } from '../../../src/util/errors.js';

describe('the MuJoCo wasm module', () => {
  it('is not loaded until asked, then loads once and is shared', async () => {
    // Vitest runs each file in its own process, so nothing loaded it before this test.
    expect(() => mujoco()).toThrow(EnvError);
    expect(() => mujoco()).toThrow(/await makeAsync/);
    const first = loadMujoco();
    expect(loadMujoco()).toBe(first);
    const mj = await first;
    expect(mujoco()).toBe(mj);
    expect(typeof mj.mj_step).toBe('function');
  });
});

describe('MujocoObjects', () => {
  const fake = (log: string[], name: string) => ({ delete: () => log.push(name) });

  it('deletes what it owns once, newest first, and a second delete() does nothing', () => {
    const log: string[] = [];
    const objs = new MujocoObjects();
    const model = objs.own(fake(log, 'model'));
    objs.own(fake(log, 'data'));
    expect(objs.size).toBe(2);
    expect(typeof model.delete).toBe('function');
    objs.delete();
    objs.delete();
    expect(log).toEqual(['data', 'model']);
  });

  it('withMujocoObjects frees temporaries also when the body throws', () => {
    const log: string[] = [];
    expect(() =>
      withMujocoObjects((scope) => {
        scope.own(fake(log, 'buffer'));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(log).toEqual(['buffer']);
  });

  it('frees real MuJoCo objects (using a deleted one is an error)', async () => {
    const mj = await loadMujoco();
    const buf = withMujocoObjects((scope) => scope.own(new mj.DoubleBuffer(4)));
    expect(() => buf.GetElementCount()).toThrow(/deleted/);
  });
});
