import type { Argv } from 'yargs';
import { actionSize, type ObsEntry } from '../../agents/api.js';
import type { Frame } from '../env/env.js';
import { writeNpz } from '../io/npz.js';
import { dimensionPanels } from '../plot/panels.js';
import { rasterise, toFrame } from '../plot/raster.js';
import { DreamerError } from '../util/errors.js';
import { dreamRollout, type DreamResult, type RealEpisode } from '../video/dream.js';
import { runEpisodes, toFloats } from '../video/episodes.js';
import { checkGifPath, writeGif } from '../video/gif.js';
import { sideBySide } from '../video/side-by-side.js';
import type { CliCommand } from './command.js';
import { openRun, singleEnvPolicy, type OpenedRun } from './checkpoint-policy.js';

const DEFAULT_CONTEXT = 10;
const DEFAULT_HORIZON = 40;
const DEFAULT_SEED = 0;
/** Dream videos play slower than real time, so the curves can be followed. */
const DREAM_FPS = 8;

export const dreamCommand: CliCommand = {
  name: 'dream',
  usage: 'dream',
  describe: "the world model's open-loop prediction beside reality: error per step, GIF, .npz export",
  builder: (y: Argv) =>
    y
      .option('checkpoint', { type: 'string', demandOption: true, describe: 'run folder (latest checkpoint) or a ckpt-* folder' })
      .option('context', { type: 'number', default: DEFAULT_CONTEXT, describe: 'real steps the model observes before predicting' })
      .option('horizon', { type: 'number', default: DEFAULT_HORIZON, describe: 'steps predicted open-loop after the context' })
      .option('seed', { type: 'number', default: DEFAULT_SEED, describe: 'seed of the real episode' })
      .option('video', { type: 'string', describe: 'GIF: real frame beside per-dimension real/predicted curves' })
      .option('export', { type: 'string', describe: '.npz of the imagined trajectory (obs, actions, rewards, continues; pred_<key>/real_<key> uint8 frames per image entry)' })
      .example('dreamer dream --checkpoint runs/cartpole --video dream.gif', 'watch the model predict 40 steps')
      .example('dreamer dream --checkpoint runs/pm --horizon 15 --export imagined.npz', 'synthetic data for NumPy'),
  async run(args) {
    const [context, horizon, seed] = [Number(args.context), Number(args.horizon), Number(args.seed)];
    for (const [name, v, min] of [['context', context, 1], ['horizon', horizon, 1], ['seed', seed, 0]] as const) {
      if (!Number.isInteger(v) || v < min) throw new DreamerError(`--${name} must be a whole number >= ${min}, got ${String(args[name])}.`);
    }
    const video = args.video === undefined ? undefined : String(args.video);
    if (video !== undefined) checkGifPath(video);
    const run = await openRun(String(args.checkpoint), video ? 'if-possible' : 'no');
    const renders = run.env.renderMode === 'rgb_array';
    const model = run.agent.dream;
    if (!model) {
      throw new DreamerError(`dream needs a world model, but this run's agent.kind is ${run.cfg.agent.kind}: use a checkpoint of a dreamer run.`);
    }
    const { episode, frames } = recordEpisode(run, seed, renders);
    const dream = dreamRollout(model, episode, context, horizon);
    if (dream.horizon < horizon) {
      console.log(`the episode ended after ${episode.obs.length} observations: predicting ${dream.horizon} steps, not --horizon ${horizon}`);
    }
    printErrors(dream);
    const images = run.adapter.obsLayout.filter((e) => e.kind === 'image');
    if (video) {
      const clip = images.length > 0 ? imageFrames(episode, dream, images) : dreamFrames(episode, dream, frames, run.cfg.env.id);
      writeGif(video, clip, { fps: DREAM_FPS });
      console.log(`wrote ${video}`);
    }
    if (args.export) {
      writeNpz(String(args.export), { ...exportArrays(dream), ...exportImages(dream, images) });
      console.log(`wrote ${String(args.export)}`);
    }
    return 0;
  },
};

/** One eval-mode episode in replay alignment (actions[t] led to obs[t]), with its frames when rendering. */
function recordEpisode(run: OpenedRun, seed: number, render: boolean): { episode: RealEpisode; frames: Frame[] } {
  const { policy, lastModelAction } = singleEnvPolicy(run, 'eval');
  const episode: RealEpisode = { obs: [], actions: [new Float32Array(actionSize(run.adapter.spec))], rewards: [0] };
  const result = runEpisodes(run.env, (obs, first) => {
    if (first) episode.obs.push(obs);
    return policy(obs, first);
  }, {
    episodes: 1,
    seed,
    render,
    onStep: (step) => {
      episode.obs.push(toFloats(step.obs));
      episode.actions.push(Float32Array.from(lastModelAction()));
      episode.rewards.push(step.reward);
    },
  });
  return { episode, frames: result.frames };
}

function printErrors(d: DreamResult): void {
  console.log(`context ${d.context} real steps, then ${d.horizon} predicted open-loop`);
  console.log('step  obs MAE   reward (pred / real)  continue');
  d.obsError.forEach((e, k) => {
    const step = String(d.context + k).padStart(4);
    console.log(`${step}  ${e.toFixed(4).padStart(7)}   ${d.predReward[k]!.toFixed(3).padStart(8)} / ${d.realReward[k]!.toFixed(3).padEnd(8)}  ${d.predCont[k]!.toFixed(3)}`);
  });
}

/** Frame t: the real rendered frame (if any) beside the curves revealed up to step t. */
function dreamFrames(episode: RealEpisode, d: DreamResult, envFrames: Frame[], envId: string): Frame[] {
  const steps = d.context + d.horizon;
  const real = episode.obs.slice(0, steps).map((o) => Array.from(o));
  const predicted = real.map((row, t) => (t < d.context ? row.map(() => Number.NaN) : d.predObs[t - d.context]!));
  const title = `${envId}: ${d.context} real steps, then ${d.horizon} imagined`;
  const frames: Frame[] = [];
  for (let t = 0; t < steps; t++) {
    const panels = toFrame(rasterise(dimensionPanels({ real, predicted, contextEnd: d.context, upto: t + 1, title })));
    const envFrame = envFrames[t];
    frames.push(envFrame ? sideBySide([envFrame, panels]) : panels);
  }
  return frames;
}

/**
 * Image observations: for every image entry, the real frame beside the predicted one (a blank during the context),
 * the entries side by side.
 */
function imageFrames(episode: RealEpisode, d: DreamResult, images: readonly ObsEntry[]): Frame[] {
  const steps = d.context + d.horizon;
  const frames: Frame[] = [];
  for (let t = 0; t < steps; t++) {
    const real = episode.obs[t]!;
    const predicted = t < d.context ? new Float32Array(real.length) : d.predObs[t - d.context]!;
    frames.push(sideBySide(images.flatMap((e) => [toImage(real, e), toImage(predicted, e)])));
  }
  return frames;
}

/** An image entry's columns of a row (0-255 pixel intensities) as an RGB frame; grey images repeat their channel. */
function toImage(row: ArrayLike<number>, entry: ObsEntry): Frame {
  const [h, w, c] = entry.shape as [number, number, number];
  const data = new Uint8Array(h * w * 3);
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < 3; k++) data[3 * p + k] = pixel(row[entry.offset + p * c + (c >= 3 ? k : 0)]!);
  }
  return { data, shape: [h, w, 3] };
}

function pixel(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

/** Each image entry's predicted and real frames as uint8 [H, h, w, c] arrays: `pred_<key>`, `real_<key>`. */
function exportImages(d: DreamResult, images: readonly ObsEntry[]): Record<string, { dtype: 'U8'; shape: number[]; data: Uint8Array }> {
  const out: Record<string, { dtype: 'U8'; shape: number[]; data: Uint8Array }> = {};
  const frames = (rows: number[][], e: ObsEntry) => {
    const data = new Uint8Array(rows.length * e.size);
    rows.forEach((row, k) => {
      for (let i = 0; i < e.size; i++) data[k * e.size + i] = pixel(row[e.offset + i]!);
    });
    return { dtype: 'U8' as const, shape: [rows.length, ...e.shape], data };
  };
  for (const e of images) {
    out[`pred_${e.key}`] = frames(d.predObs, e);
    out[`real_${e.key}`] = frames(d.realObs, e);
  }
  return out;
}

function exportArrays(d: DreamResult) {
  const h = d.horizon;
  const matrix = (rows: number[][]) => ({ dtype: 'F32' as const, shape: [h, rows[0]?.length ?? 0], data: Float32Array.from(rows.flat()) });
  const vector = (xs: number[]) => ({ dtype: 'F32' as const, shape: [h], data: Float32Array.from(xs) });
  return {
    obs: matrix(d.predObs),
    actions: matrix(d.actions),
    rewards: vector(d.predReward),
    continues: vector(d.predCont),
    real_obs: matrix(d.realObs),
    real_rewards: vector(d.realReward),
  };
}
