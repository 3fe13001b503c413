import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../envs/register.js';
import { loadConfig } from '../../src/config/index.js';
import { readNpz } from '../../src/io/npz.js';
import { Env, type Frame, type ResetResult, type StepResult } from '../../src/env/env.js';
import { make } from '../../src/env/make.js';
import { register } from '../../src/env/registry.js';
import { Box } from '../../src/env/spaces/box.js';
import { Dict } from '../../src/env/spaces/dict.js';
import { Discrete } from '../../src/env/spaces/discrete.js';
import type { Space } from '../../src/env/spaces/space.js';
import { observationLayout } from '../../src/run/obs-layout.js';
import { applyObsMode } from '../../src/run/pixel-env.js';
import { openRun } from '../../src/cli/checkpoint-policy.js';
import { EnvGuard } from '../../src/run/env-guard.js';
import { buildRun } from '../../src/run/setup.js';
import { train } from '../../src/run/train.js';
import { ConfigError, EnvError } from '../../src/util/errors.js';
import { TINY } from '../agents/dreamer/helpers.js';
import { metricsWithoutTime } from './metrics-file.js';

const box = (shape: number[], dtype: 'uint8' | 'float32' = 'uint8') => new Box({ low: 0, high: dtype === 'uint8' ? 255 : 1, shape, dtype });
const envCfg = (...overrides: string[]) => loadConfig({ overrides }).env;

describe('observation layouts', () => {
  it('a plain uint8 [H, W, C] Box is one image entry; a Dict routes its image and vector entries in key order', () => {
    expect(observationLayout('e', box([8, 8, 3]))).toEqual([{ key: 'image', kind: 'image', shape: [8, 8, 3], offset: 0, size: 192 }]);
    expect(observationLayout('e', box([5], 'float32'))).toEqual([{ key: 'obs', kind: 'vector', shape: [5], offset: 0, size: 5 }]);
    const dict = new Dict([['image', box([4, 4, 1])], ['proprio', box([2, 3], 'float32')]]);
    expect(observationLayout('e', dict)).toEqual([
      { key: 'image', kind: 'image', shape: [4, 4, 1], offset: 0, size: 16 },
      { key: 'proprio', kind: 'vector', shape: [6], offset: 16, size: 6 },
    ]);
  });

  it.each([
    ['a [H, W] uint8 image (no channel axis)', box([8, 8]), /"cam" is Box\(0, 255, \(8, 8\), uint8\).*without a channel axis.*\[8, 8, 1\].*env.grayscale=true/],
    ['a float image', box([8, 8, 3], 'float32'), /"cam" is Box.*rank-3 float32 Box.*uint8 \[H, W, C\].*Box\(0, 255, \[8, 8, 3\], uint8\)/],
    ['more than 4 channels', box([8, 8, 6]), /"cam" is Box.*6 channels.*1 to 4.*split it/],
  ])('refuses %s at start, naming the entry, its shape and what to set', (_what, space, message) => {
    const dict = new Dict([['cam', space]]);
    expect(() => observationLayout('my-env', dict)).toThrow(ConfigError);
    expect(() => observationLayout('my-env', dict)).toThrow(message);
  });
});

describe('env.obs on the built-in envs', () => {
  const cartpole = () => make('CartPole-v1', { renderMode: 'rgb_array' }) as unknown as Env;

  it('pixels: the rgb_array render resized to env.image_size, a uint8 [H, W, 3] image (grey [H, W, 1])', () => {
    const env = applyObsMode('CartPole-v1', envCfg('env.obs=pixels', 'env.image_size=[32,48]'), cartpole());
    expect(String(env.observationSpace)).toMatch(/uint8/);
    expect(env.observationSpace.shape).toEqual([32, 48, 3]);
    const { obs } = env.reset({ seed: 0 });
    expect(obs).toBeInstanceOf(Uint8Array);
    expect((obs as Uint8Array).length).toBe(32 * 48 * 3);
    // CartPole draws a dark cart on white: both appear in the frame.
    expect(Math.max(...(obs as Uint8Array))).toBe(255);
    expect(Math.min(...(obs as Uint8Array))).toBeLessThan(128);
    const grey = applyObsMode('CartPole-v1', envCfg('env.obs=pixels', 'env.grayscale=true'), cartpole());
    expect(grey.observationSpace.shape).toEqual([64, 64, 1]);
  });

  it('pixels+state: a Dict { image, state } the agent reads as an image entry and a vector entry', () => {
    for (const gray of [false, true]) {
      const env = applyObsMode('CartPole-v1', envCfg('env.obs=pixels+state', `env.grayscale=${gray}`), cartpole());
      const layout = observationLayout('CartPole-v1', env.observationSpace as Space<unknown>);
      expect(layout.map((e) => [e.key, e.kind, e.shape])).toEqual([
        ['image', 'image', [64, 64, gray ? 1 : 3]],
        ['state', 'vector', [4]],
      ]);
      const { obs } = env.reset({ seed: 0 });
      expect(((obs as Record<string, Uint8Array>).image).length).toBe(64 * 64 * (gray ? 1 : 3));
    }
  });

  it('refuses an env that does not render rgb_array frames, and async sub-envs', async () => {
    const env = make('CartPole-v1') as unknown as Env;
    expect(() => applyObsMode('CartPole-v1', envCfg('env.obs=pixels'), env)).toThrow(/env.obs=pixels needs rgb_array frames.*set env.obs=state/);
    const cfg = loadConfig({ overrides: [...TINY, 'env.obs=pixels', 'env.vectorization=async'] });
    await expect(buildRun(cfg)).rejects.toThrow(/set env.vectorization=sync/);
  });

  it('a pixel run stores its frames as uint8 and steps them through the driver', async () => {
    const cfg = loadConfig({ overrides: [...TINY, 'backend=cpu', 'env.obs=pixels', 'env.image_size=[16,16]', 'agent.cnn.depth=4', 'agent.cnn.mults=[1,2]', 'replay.capacity=100'] });
    const parts = await buildRun(cfg);
    try {
      expect(parts.adapter.obsLayout).toEqual([{ key: 'image', kind: 'image', shape: [16, 16, 3], offset: 0, size: 768 }]);
      parts.driver.reset(parts.explorer, 0);
      parts.driver.step(parts.explorer, 'explore');
      parts.replay.add(parts.driver.row());
      expect(parts.replay.state().arrays.pixels.length).toBe(100 * 768);
      expect(parts.replay.state().arrays.obs.length).toBe(0);
      expect(Array.from(parts.replay.state().arrays.pixels.subarray(0, 768))).toEqual(Array.from(parts.driver.row().obs));
    } finally {
      parts.driver.close(parts.agent);
      parts.evalDriver.close(parts.agent);
    }
  });
});

/** A user env with a Dict { image [8, 8, 1], proprio [1] } observation whose image comes out the wrong size at step 3. */
class ShrinkingCamera extends Env<Record<string, Uint8Array | Float32Array>, number> {
  readonly observationSpace = new Dict([['image', box([8, 8, 1])], ['proprio', box([1], 'float32')]]) as unknown as Space<Record<string, Uint8Array | Float32Array>>;
  readonly actionSpace = new Discrete(2);
  private t = 0;
  private obs() {
    return { image: new Uint8Array(this.t >= 3 ? 32 : 64).fill(100), proprio: Float32Array.of(this.t / 10) };
  }
  override reset(): ResetResult<Record<string, Uint8Array | Float32Array>> {
    this.t = 0;
    return { obs: this.obs(), info: {} };
  }
  override step(): StepResult<Record<string, Uint8Array | Float32Array>> {
    this.t += 1;
    return { obs: this.obs(), reward: 0, terminated: false, truncated: false, info: {} };
  }
  override render(): Frame | undefined {
    return undefined;
  }
}

describe('frames of the wrong shape mid-run', () => {
  it('a user env: an EnvError naming the env, the sub-env, the step and the entry', async () => {
    register('test/ShrinkingCamera-v0', ShrinkingCamera as never);
    const cfg = loadConfig({ overrides: [...TINY, 'backend=cpu', 'env.id=test/ShrinkingCamera-v0', 'agent.cnn.depth=4', 'agent.cnn.mults=[1]'] });
    const parts = await buildRun(cfg);
    try {
      parts.driver.reset(parts.explorer, 0);
      parts.driver.step(parts.explorer, 'explore');
      parts.driver.step(parts.explorer, 'explore');
      let error: unknown;
      try {
        parts.driver.step(parts.explorer, 'explore');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(EnvError);
      expect((error as Error).message).toMatch(/env "test\/ShrinkingCamera-v0" \(sub-env 0\) at env step 3: step\(\) obs\["image"\] has 32 values but the observation space .* has shape \[8, 8, 1\]/);
    } finally {
      parts.driver.close(parts.agent);
      parts.evalDriver.close(parts.agent);
    }
  });

  it('a renderer that changes frame size: an EnvError naming the frame sizes', () => {
    const env = make('CartPole-v1', { renderMode: 'rgb_array' }) as unknown as Env;
    const observed = new EnvGuard(applyObsMode('CartPole-v1', envCfg('env.obs=pixels'), env));
    observed.reset({ seed: 0 });
    const render = env.render.bind(env);
    (env as unknown as { render: () => Frame }).render = () => {
      const f = render() as Frame;
      return { data: f.data.subarray(0, 100 * 600 * 3), shape: [100, 600, 3] };
    };
    expect(() => observed.step(0)).toThrow(EnvError);
    expect(() => observed.step(0)).toThrow(/step\(\) threw WrapperError: PixelObservation: render\(\) returned a \[100, 600, 3\] frame .* the first frame was \[400, 600, 3\]/);
  });
});

describe('a pixel training run', () => {
  it('CartPole-v1 from 16x16 frames: the run trains, logging the per-entry loss, finite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-pixels-'));
    const cfg = loadConfig({
      overrides: [
        ...TINY, 'backend=wasm', 'env.obs=pixels', 'env.image_size=[16,16]', 'agent.cnn.depth=4', 'agent.cnn.mults=[1,2]',
        'run.steps=160', 'run.prefill=80', 'run.train_ratio=4.0', 'replay.batch_size=2', 'replay.seq_len=8', 'replay.capacity=1000',
        'run.eval_every=160', 'run.eval_episodes=1', 'run.log_every=80', 'env.max_episode_steps=40', 'log.sinks=[jsonl]',
      ],
    });
    const result = await train(cfg, { logdir: dir, quiet: true });
    expect(result.updates).toBe((160 * 4) / (2 * 8));
    const records = metricsWithoutTime(dir).filter((r) => 'loss/recon/image' in r);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(Number.isFinite(r['loss/recon/image'])).toBe(true);
      expect(r['loss/recon']).toBeCloseTo(r['loss/recon/image']!, 3);
    }
    expect(result.evals.length).toBe(1);
    // eval and dream rebuild the env from the run's config (rendered frames) and the agent with its CNN weights
    const run = await openRun(dir);
    expect(run.adapter.obsLayout.map((e) => [e.key, e.kind, e.shape])).toEqual([['image', 'image', [16, 16, 3]]]);
    const { obs } = run.env.reset({ seed: 0 });
    const out = run.agent.policy(Float32Array.from(obs as ArrayLike<number>), [true], undefined, 'eval');
    expect(out.action).toHaveLength(2);
    run.agent.disposeState(out.state);
    run.env.close();
    const ckpt = join(dir, 'checkpoints', readdirSync(join(dir, 'checkpoints')).filter((d) => d.startsWith('ckpt-')).sort().at(-1)!);
    const saved = readNpz(join(ckpt, 'replay.npz'));
    expect(saved.pixels).toMatchObject({ dtype: 'U8', shape: [1, 160, 768] });
    expect(saved.obs!.shape).toEqual([1, 160, 0]);
    // --resume restores the uint8 replay from the checkpoint's replay.npz and continues
    const resumed = await train(loadConfig({ config: [join(dir, 'config.yaml')], overrides: ['run.steps=192'] }), { logdir: dir, quiet: true, resume: true });
    expect(resumed.updates).toBe((192 * 4) / (2 * 8));
  }, 120_000);
});
