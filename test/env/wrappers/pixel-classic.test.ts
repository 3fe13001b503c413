import { describe, expect, it } from 'vitest';
import '../../../envs/register.js';
import { make } from '../../../src/env/make.js';
import type { Box } from '../../../src/env/spaces/box.js';
import { FrameStack, PixelObservation, ResizeObservation } from '../../../src/env/wrappers/index.js';

describe('pixel observations of a classic env', () => {
  it('CartPole-v1 renders into a 64x64x3 uint8 observation that a FrameStack stacks', () => {
    const env = new FrameStack(new PixelObservation(make('CartPole-v1', { renderMode: 'rgb_array' }), { size: [64, 64] }) as never, 2);
    const { obs } = env.reset({ seed: 0 });
    const space = env.observationSpace as unknown as Box<'uint8'>;
    expect(space.shape).toEqual([2, 64, 64, 3]);
    expect(space.dtype).toBe('uint8');
    expect(obs).toBeInstanceOf(Uint8Array);
    expect(space.contains(obs)).toBe(true);
    const next = env.step(1 as never).obs;
    // After one step the stack shifts: its oldest slot is the reset frame, the newest slot of the reset stack.
    const frame = 64 * 64 * 3;
    expect(Array.from(next.subarray(0, frame))).toEqual(Array.from(obs.subarray(frame)));
    // Gymnasium's frame is mostly white background: the average pixel is bright.
    const mean = Array.from(next).reduce((a, b) => a + b, 0) / next.length;
    expect(mean).toBeGreaterThan(128);
  });

  it('the full-size frame resized by ResizeObservation equals PixelObservation resizing it', () => {
    const full = new PixelObservation(make('Pendulum-v1', { renderMode: 'rgb_array' }));
    expect((full.observationSpace as unknown as Box<'uint8'>).shape).toEqual([500, 500, 3]);
    const resized = new ResizeObservation(full as never, [32, 32]);
    const direct = new PixelObservation(make('Pendulum-v1', { renderMode: 'rgb_array' }), { size: [32, 32] });
    const a = resized.reset({ seed: 3 }).obs;
    const b = direct.reset({ seed: 3 }).obs as Uint8Array;
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
