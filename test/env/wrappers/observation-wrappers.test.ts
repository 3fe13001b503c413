import { describe, expect, it } from 'vitest';
import { Box } from '../../../src/env/spaces/box.js';
import { Dict } from '../../../src/env/spaces/dict.js';
import { Discrete } from '../../../src/env/spaces/discrete.js';
import {
  FlattenObservation,
  FrameStack,
  GrayscaleObservation,
  PixelObservation,
  ResizeObservation,
  TransformAction,
  TransformObservation,
  TransformReward,
  makeResizer,
} from '../../../src/env/wrappers/index.js';
import { WrapperError } from '../../../src/util/errors.js';
import { CounterEnv, EchoEnv, ImageEnv, PatternEnv } from '../helpers/scripted-envs.js';

describe('TransformObservation / TransformReward', () => {
  it('apply the function on reset and step, with an optional new space', () => {
    const space = new Box({ low: -Infinity, high: Infinity, shape: [1], dtype: 'float64' });
    const env = new TransformReward(
      new TransformObservation(new CounterEnv(), (o: Float32Array) => Float64Array.from([o[0] * 2]), space),
      (r) => -r,
    );
    expect(env.reset().obs[0]).toBe(0);
    const step = env.step(2);
    expect(step.obs[0]).toBe(2);
    expect(step.reward).toBe(-12);
    expect(env.observationSpace).toBe(space);
  });
});

describe('FrameStack', () => {
  const frame = (t: number, resets: number, u = 0): number[] => [t, resets, u];

  it("pads with the reset obs and keeps the newest last ('reset')", () => {
    const env = new FrameStack(new CounterEnv(), 3);
    const { obs } = env.reset({ seed: 1 });
    const u = obs[2];
    expect(Array.from(obs)).toEqual([...frame(0, 1, u), ...frame(0, 1, u), ...frame(0, 1, u)]);
    expect(Array.from(env.step(0).obs)).toEqual([...frame(0, 1, u), ...frame(0, 1, u), ...frame(1, 1)]);
    env.step(0);
    expect(Array.from(env.step(0).obs)).toEqual([...frame(1, 1), ...frame(2, 1), ...frame(3, 1)]);
    // A new episode refills the padding.
    const again = env.reset().obs;
    expect(Array.from(again.subarray(0, 3))).toEqual(Array.from(again.subarray(6, 9)));
  });

  it("pads with zeros ('zero') and stacks the space on a leading axis", () => {
    const env = new FrameStack(new CounterEnv(), 2, 'zero');
    const { obs } = env.reset();
    expect(obs).toBeInstanceOf(Float32Array);
    expect(Array.from(obs.subarray(0, 3))).toEqual([0, 0, 0]);
    const space = env.observationSpace as unknown as Box<'float32'>;
    expect(space.shape).toEqual([2, 3]);
    expect(space.dtype).toBe('float32');
    expect(space.contains(obs)).toBe(true);
  });

  it('accepts a custom padding observation and rejects bad arguments', () => {
    const env = new FrameStack(new CounterEnv(), 2, [7, 7, 7]);
    expect(Array.from(env.reset().obs.subarray(0, 3))).toEqual([7, 7, 7]);
    expect(() => new FrameStack(new CounterEnv(), 0)).toThrow(WrapperError);
    expect(() => new FrameStack(new CounterEnv(), 2, [1, 2])).toThrow(/padding/);
  });
});

describe('image resizing', () => {
  it("'area' averages blocks and rounds ties to even (uint8)", () => {
    // 4 x 2 x 1 image -> 2 x 1: each output is the mean of a 2 x 2 block.
    const src = Uint8Array.from([1, 2, 3, 3, 10, 20, 30, 41]);
    const out = makeResizer({ height: 4, width: 2, channels: 1 }, 2, 1, 'area')(src, new Uint8Array(2));
    expect(Array.from(out)).toEqual([2, 25]); // 9/4 = 2.25 -> 2; 101/4 = 25.25 -> 25
    const ties = makeResizer({ height: 1, width: 4, channels: 1 }, 1, 2, 'area')(Uint8Array.from([1, 2, 2, 3]), new Uint8Array(2));
    expect(Array.from(ties)).toEqual([2, 2]); // 1.5 -> 2, 2.5 -> 2
  });

  it("'area' weighs partial pixels by their overlap", () => {
    // 1 x 3 -> 1 x 2: output 0 covers [0, 1.5): (a + b / 2) / 1.5; output 1 covers [1.5, 3): (b / 2 + c) / 1.5.
    const src = Float32Array.from([3, 6, 9]);
    const out = makeResizer({ height: 1, width: 3, channels: 1 }, 1, 2, 'area')(src, new Float32Array(2));
    expect(out[0]).toBeCloseTo((3 + 6 / 2) / 1.5, 6);
    expect(out[1]).toBeCloseTo((6 / 2 + 9) / 1.5, 6);
  });

  it("'bilinear' uses half-pixel centres with edge clamping", () => {
    // 1 x 2 -> 1 x 4: sample points -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    const out = makeResizer({ height: 1, width: 2, channels: 1 }, 1, 4, 'bilinear')(Float64Array.from([0, 100]), new Float64Array(4));
    expect(Array.from(out)).toEqual([0, 25, 75, 100]);
  });
});

describe('ResizeObservation', () => {
  it('resizes HWC images per channel with a uint8 Box(0, 255) space', () => {
    const image = new Uint8Array(4 * 4 * 2);
    for (let i = 0; i < image.length; i++) image[i] = i * 3;
    const env = new ResizeObservation(new ImageEnv(image, [4, 4, 2]), [2, 2]);
    const { obs } = env.reset();
    // Channel c of output (oy, ox) = mean over the 2x2 block of 3 * ((y * 4 + x) * 2 + c).
    for (let oy = 0; oy < 2; oy++) {
      for (let ox = 0; ox < 2; ox++) {
        for (let c = 0; c < 2; c++) {
          const mean = (3 * 2 * ((2 * oy + 0.5) * 4 + (2 * ox + 0.5))) + 3 * c;
          expect(obs[(oy * 2 + ox) * 2 + c]).toBe(Math.round(mean));
        }
      }
    }
    const space = env.observationSpace as unknown as Box<'uint8'>;
    expect(space.shape).toEqual([2, 2, 2]);
    expect(space.dtype).toBe('uint8');
    expect(space.contains(obs)).toBe(true);
  });

  it('rejects non-image observations', () => {
    expect(() => new ResizeObservation(new CounterEnv() as never, [2, 2])).toThrow(/\[H, W\] or \[H, W, C\]/);
    expect(() => new ResizeObservation(new ImageEnv(new Uint8Array(4), [2, 2]), [0, 2])).toThrow(WrapperError);
  });
});

describe('PixelObservation', () => {
  it('returns the rendered frame as a uint8 HWC observation', () => {
    const env = new PixelObservation(new PatternEnv(4, 6));
    const { obs } = env.reset();
    const frame = new PatternEnv(4, 6).render();
    expect(Array.from(obs as Uint8Array)).toEqual(Array.from(frame.data));
    const space = env.observationSpace as unknown as Box<'uint8'>;
    expect(space.shape).toEqual([4, 6, 3]);
    expect(space.contains(obs)).toBe(true);
  });

  it('resizes to the requested size with area averaging', () => {
    const env = new PixelObservation(new PatternEnv(4, 6), { size: [2, 3] });
    env.reset();
    const obs = env.step(0).obs as Uint8Array;
    // Mean over a 2x2 block of (y*10 + x + c + t) = 20 oy + 2 ox + c + t + 5.5, ties rounded to even.
    const t = 1;
    for (let oy = 0; oy < 2; oy++) {
      for (let ox = 0; ox < 3; ox++) {
        for (let c = 0; c < 3; c++) {
          const mean = 20 * oy + 2 * ox + c + t + 5.5;
          const even = Math.floor(mean) % 2 === 0 ? Math.floor(mean) : Math.ceil(mean);
          expect(obs[(oy * 3 + ox) * 3 + c]).toBe(even);
        }
      }
    }
    expect((env.observationSpace as unknown as Box<'uint8'>).shape).toEqual([2, 3, 3]);
  });

  it('keeps the state next to the pixels when pixelsOnly is false', () => {
    const env = new PixelObservation(new PatternEnv(2, 2), { pixelsOnly: false });
    env.reset();
    const obs = env.step(0).obs as Record<string, unknown>;
    expect(Array.from(obs.state as Float64Array)).toEqual([1]);
    expect((obs.pixels as Uint8Array).length).toBe(12);
    expect(env.observationSpace).toBeInstanceOf(Dict);
    expect((env.observationSpace as unknown as Dict).keys()).toEqual(['pixels', 'state']); // sorted, as Gymnasium
    expect(env.observationSpace.contains(obs)).toBe(true);
  });

  it("adds the pixels to an env's Dict observation instead of nesting it", () => {
    const posSpace = new Box({ low: 0, high: 1000, shape: [1], dtype: 'float64' });
    const dictEnv = new TransformObservation(new PatternEnv(2, 2), (o: Float64Array) => ({ pos: o }), new Dict({ pos: posSpace }));
    const env = new PixelObservation(dictEnv, { pixelsOnly: false });
    env.reset();
    const obs = env.step(0).obs as Record<string, unknown>;
    expect(Object.keys(obs).sort()).toEqual(['pixels', 'pos']);
    expect(Array.from(obs.pos as Float64Array)).toEqual([1]);
    expect((env.observationSpace as unknown as Dict).keys()).toEqual(['pixels', 'pos']);
    expect(env.observationSpace.contains(obs)).toBe(true);
    expect(() => new PixelObservation(dictEnv, { pixelsOnly: false, pixelsKey: 'pos' })).toThrow(/already has a "pos" key/);
  });

  it('names the fix when the env does not render rgb_array', () => {
    const inner = new PatternEnv();
    inner.renderMode = undefined;
    expect(() => new PixelObservation(inner)).toThrow(/renderMode: 'rgb_array'/);
  });
});

describe('FlattenObservation', () => {
  it('concatenates Dict parts in key order into one flat Box', () => {
    const env = new FlattenObservation(new PixelObservation(new PatternEnv(2, 2), { pixelsOnly: false }));
    env.reset();
    const obs = env.step(0).obs;
    const frame = new PatternEnv(2, 2);
    frame.t = 1;
    // 'pixels' sorts before 'state': 12 frame bytes, then the state [t].
    expect(Array.from(obs)).toEqual([...frame.render().data, 1]);
    const space = env.observationSpace as unknown as Box<'float64'>;
    expect(space.shape).toEqual([13]);
    expect(space.dtype).toBe('float64');
    expect(space.contains(obs)).toBe(true);
  });

  it('one-hot encodes a Discrete observation', () => {
    const discrete = new TransformObservation(new CounterEnv(), (o: Float32Array) => o[0] % 3, new Discrete(3));
    const env = new FlattenObservation(discrete);
    env.reset();
    expect(Array.from(env.step(0).obs)).toEqual([0, 1, 0]);
    expect(Array.from(env.step(0).obs)).toEqual([0, 0, 1]);
    expect((env.observationSpace as unknown as Box<'int64'>).shape).toEqual([3]);
  });
});

describe('GrayscaleObservation', () => {
  it('weighs R, G, B by 0.2125, 0.7154, 0.0721 and truncates to uint8', () => {
    // Two pixels: (10, 200, 30) and (255, 255, 255).
    const env = new GrayscaleObservation(new ImageEnv(Uint8Array.from([10, 200, 30, 255, 255, 255]), [1, 2, 3]));
    const { obs } = env.reset();
    expect(Array.from(obs)).toEqual([Math.floor(2.125 + 143.08 + 2.163), Math.floor(255 * (0.2125 + 0.7154 + 0.0721))]);
    expect((env.observationSpace as unknown as Box<'uint8'>).shape).toEqual([1, 2]);
    const kept = new GrayscaleObservation(new ImageEnv(new Uint8Array(6), [1, 2, 3]), true);
    expect((kept.observationSpace as unknown as Box<'uint8'>).shape).toEqual([1, 2, 1]);
    expect(() => new GrayscaleObservation(new ImageEnv(new Uint8Array(4), [2, 2]))).toThrow(/RGB images/);
  });
});

describe('TransformAction', () => {
  it('maps the action before the env sees it', () => {
    const inner = new EchoEnv();
    const env = new TransformAction(inner, (a: number) => Float32Array.from([a, -a]), new Discrete(2));
    env.reset();
    env.step(1);
    expect(Array.from(inner.lastAction!)).toEqual([1, -1]);
    expect(env.actionSpace).toBeInstanceOf(Discrete);
  });
});
