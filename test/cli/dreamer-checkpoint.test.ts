import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DreamerAgent } from '../../agents/dreamer/agent.js';
import { PointMass } from '../../envs/examples/point-mass.js';
import { loadConfig, saveResolvedConfig, type Config } from '../../src/config/index.js';
import { readNpz } from '../../src/io/npz.js';
import { dreamerWeights } from '../../agents/dreamer/weights.js';
import { saveCheckpoint } from '../../src/run/checkpoint.js';
import { SEED_OFFSETS } from '../../src/run/setup.js';
import { initBackend } from '../../src/tensor/backend.js';
import { runEpisodes } from '../../src/video/episodes.js';
import { decodeGif } from '../video/gif-reader.js';
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import { register, registeredIds } from '../../src/env/registry.js';
import type { EnvClass } from '../../src/env/spec.js';
import { Box } from '../../src/env/spaces/box.js';
import { Discrete } from '../../src/env/spaces/discrete.js';
import { POINT_MASS_ID, runCli, tempDir } from './helpers.js';

/** A tiny Dreamer on PointMass (obs 3, one Box action), so the test builds and runs it in seconds. */
const TINY = [
  `env.id=${POINT_MASS_ID}`, 'backend=cpu', 'run.seed=5',
  'agent.rssm.deter=16', 'agent.rssm.hidden=16', 'agent.rssm.groups=4', 'agent.rssm.classes=4', 'agent.mlp.units=16', 'agent.mlp.layers=1',
];
const SPEC = { kind: 'continuous' as const, dims: 1 };

function tinyAgent(cfg: Config): DreamerAgent {
  return new DreamerAgent(cfg.agent, 3, SPEC, cfg.run.seed + SEED_OFFSETS.agent);
}

/** An agent whose actor weights differ from a fresh one's (scaled), saved as a run folder with one checkpoint. */
function savedRun(): { dir: string; agent: DreamerAgent; cfg: Config } {
  const dir = tempDir('dreamer-run-');
  const cfg = loadConfig({ overrides: TINY });
  saveResolvedConfig(dir, cfg);
  const agent = tinyAgent(cfg);
  for (const v of agent.behavior.actor.variableList()) v.assign(tf.mul(v, 3));
  saveCheckpoint(dir, 2000, { tensors: { weights: dreamerWeights(agent) }, json: { meta: { step: 2000 } }, arrays: {} });
  return { dir, agent, cfg };
}

/** Eval-mode returns of an in-memory agent on PointMass, stepped here (the reference for the CLI). */
function returnsOf(agent: DreamerAgent, seed: number, episodes: number): number[] {
  let state: unknown;
  const policy = (obs: Float32Array, first: boolean) => {
    const out = agent.policy(obs, [first], state as never, 'eval');
    state = out.state;
    return Float32Array.of(out.action[0]!); // PointMass acts in [-1, 1]: the model's range
  };
  return runEpisodes(new PointMass(), policy, { episodes, seed }).returns;
}

/** A 4 x 4 RGB image env: every pixel equals 10 * t + channel, so the real half of each dream frame is known. */
class Blink extends Env<Uint8Array, number> {
  observationSpace = new Box({ low: 0, high: 255, shape: [4, 4, 3], dtype: 'uint8' });
  actionSpace = new Discrete(2);
  private t = 0;
  override reset(opts: ResetOptions = {}): ResetResult<Uint8Array> {
    super.reset(opts);
    this.t = 0;
    return { obs: this.image(), info: {} };
  }
  step(): StepResult<Uint8Array> {
    this.t += 1;
    return { obs: this.image(), reward: 1, terminated: false, truncated: false, info: {} };
  }
  private image(): Uint8Array {
    return Uint8Array.from({ length: 48 }, (_, i) => 10 * this.t + (i % 3));
  }
}
const BLINK_ID = 'BlinkImageTest-v0';
if (!registeredIds().includes(BLINK_ID)) register(BLINK_ID, Blink as unknown as EnvClass, { maxEpisodeSteps: 12 });

describe('eval and dream on a Dreamer checkpoint', () => {
  beforeAll(async () => {
    await initBackend('cpu', { quiet: true });
  });

  it('eval loads the saved weights: its returns are those of the saved agent, not of a fresh one', async () => {
    const { dir, agent, cfg } = savedRun();
    const { code, out } = await runCli(['eval', '--checkpoint', dir, '--episodes', '2', '--seed', '1', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out.at(-1)!) as { returns: number[] };
    const expected = returnsOf(agent, 1, 2);
    report.returns.forEach((r, i) => expect(r).toBeCloseTo(expected[i]!, 4));
    expect(returnsOf(tinyAgent(cfg), 1, 2)).not.toEqual(expected);
  });

  it('dream prints the error per step and writes the .npz and the side-by-side GIF', async () => {
    const { dir } = savedRun();
    const [npz, gif] = [join(dir, 'imagined.npz'), join(dir, 'dream.gif')];
    const { code, out, err } = await runCli(['dream', '--checkpoint', dir, '--context', '5', '--horizon', '10', '--export', npz, '--video', gif]);
    expect([code, err]).toEqual([0, []]);
    expect(out.filter((l) => /^ +\d+ +\d+\.\d{4} /.test(l))).toHaveLength(10);
    const arrays = readNpz(npz);
    expect(Object.fromEntries(Object.entries(arrays).map(([k, t]) => [k, t.shape]))).toEqual({
      obs: [10, 3], actions: [10, 1], rewards: [10], continues: [10], real_obs: [10, 3], real_rewards: [10],
    });
    expect([...arrays.continues!.data].every((c) => Number(c) > 0 && Number(c) < 1)).toBe(true);
    const decoded = decodeGif(new Uint8Array(readFileSync(gif)));
    expect(decoded.frames).toHaveLength(5 + 10); // context and horizon, one frame per step
    expect(decoded.width).toBeGreaterThan(240); // the env frame (240 wide) beside the curves
  });

  it('dream says when the episode ends before the horizon', async () => {
    const { dir } = savedRun();
    const { code, out } = await runCli(['dream', '--checkpoint', dir, '--context', '96', '--horizon', '10']); // 101 observations
    expect(code).toBe(0);
    expect(out).toContain('the episode ended after 101 observations: predicting 5 steps, not --horizon 10');
    expect(out.filter((l) => /^ +\d+ +\d+\.\d{4} /.test(l))).toHaveLength(5);
  });

  it('dream shows image observations as real beside predicted images, and exports both as uint8 frames', async () => {
    const dir = tempDir('dreamer-img-');
    const cfg = loadConfig({ overrides: [...TINY.slice(1), `env.id=${BLINK_ID}`, 'agent.cnn.depth=4', 'agent.cnn.mults=[1]'] });
    saveResolvedConfig(dir, cfg);
    const layout = [{ key: 'image', kind: 'image' as const, shape: [4, 4, 3], offset: 0, size: 48 }];
    const agent = new DreamerAgent(cfg.agent, layout, { kind: 'discrete', n: 2 }, cfg.run.seed + SEED_OFFSETS.agent);
    expect(agent.wm.images).toHaveLength(1); // the pixels go through the CNN
    saveCheckpoint(dir, 100, { tensors: { weights: dreamerWeights(agent) }, json: {}, arrays: {} });
    const [gif, npz] = [join(dir, 'dream.gif'), join(dir, 'dream.npz')];
    const { code, err } = await runCli(['dream', '--checkpoint', dir, '--context', '3', '--horizon', '5', '--video', gif, '--export', npz]);
    expect([code, err]).toEqual([0, []]);
    const arrays = readNpz(npz);
    expect(arrays.pred_image).toMatchObject({ dtype: 'U8', shape: [5, 4, 4, 3] });
    expect(arrays.real_image).toMatchObject({ dtype: 'U8', shape: [5, 4, 4, 3] });
    expect(Array.from((arrays.real_image!.data as Uint8Array).subarray(0, 3))).toEqual([30, 31, 32]); // step 3
    // the predicted frames are the decoder's output mapped back to pixels, as the .npz obs rows hold them
    const predObs = arrays.obs!.data as Float32Array;
    expect(Array.from(arrays.pred_image!.data as Uint8Array).slice(0, 48)).toEqual(Array.from(predObs.subarray(0, 48), (v) => Math.round(v)));
    const decoded = decodeGif(new Uint8Array(readFileSync(gif)));
    expect([decoded.frames.length, decoded.width, decoded.height]).toEqual([8, 4 + 6 + 4, 4]);
    // frame 2, real half, pixel (0, 0): 10 * 2 + channel, within the GIF palette's rounding
    const px = decoded.frames[2]!.rgb.subarray(0, 3);
    [20, 21, 22].forEach((v, k) => expect(Math.abs(px[k]! - v)).toBeLessThanOrEqual(8));
  });
});
