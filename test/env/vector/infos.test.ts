import { describe, expect, it } from 'vitest';
import { addInfo } from '../../../src/env/vector/index.js';

describe('addInfo (Gymnasium _add_info)', () => {
  it('batches numbers, booleans, objects and nested records with a mask per key', () => {
    const infos = {};
    addInfo(infos, { lives: 3, flag: true, name: 'a', sub: { x: 1.5 } }, 0, 3);
    addInfo(infos, {}, 1, 3);
    addInfo(infos, { lives: 1, sub: { y: false } }, 2, 3);
    expect(infos).toEqual({
      lives: Float64Array.from([3, 0, 1]),
      _lives: [true, false, true],
      flag: [true, false, false],
      _flag: [true, false, false],
      name: ['a', undefined, undefined],
      _name: [true, false, false],
      sub: {
        x: Float64Array.from([1.5, 0, 0]),
        _x: [true, false, false],
        y: [false, false, false],
        _y: [false, false, true],
      },
      _sub: [true, false, true],
    });
  });

  it('keeps final_obs as a plain array of observations', () => {
    const infos: Record<string, unknown> = {};
    const obs = Float32Array.from([1, 2]);
    addInfo(infos, { final_obs: obs }, 1, 2);
    expect(infos.final_obs).toEqual([undefined, obs]);
    expect(infos._final_obs).toEqual([false, true]);
  });
});
