import type { Argv } from 'yargs';
import { ci95, mean } from '../plot/stats.js';
import { DreamerError } from '../util/errors.js';
import { runEpisodes } from '../video/episodes.js';
import { checkGifPath, writeGif } from '../video/gif.js';
import type { CliCommand } from './command.js';
import { openRun, singleEnvPolicy } from './checkpoint-policy.js';

const DEFAULT_EPISODES = 10;
const DEFAULT_SEED = 0;
/** GIF speed when the env does not say (metadata.renderFps). */
const DEFAULT_VIDEO_FPS = 30;

/** The `--json` line: exactly these keys, in this order. */
export interface EvalReport {
  env: string;
  episodes: number;
  return_mean: number;
  return_std: number;
  ci95: [number, number];
  length_mean: number;
  returns: number[];
}

export const evalCommand: CliCommand = {
  name: 'eval',
  usage: 'eval',
  describe: "run episodes with a checkpoint's policy: return mean, std, 95 % CI, lengths; optional GIF",
  builder: (y: Argv) =>
    y
      .option('checkpoint', { type: 'string', demandOption: true, describe: 'run folder (latest checkpoint) or a ckpt-* folder' })
      .option('episodes', { type: 'number', default: DEFAULT_EPISODES, describe: 'episodes to run' })
      .option('seed', { type: 'number', default: DEFAULT_SEED, describe: 'seed of the env resets' })
      .option('mode', { choices: ['eval', 'explore'] as const, default: 'eval' as const, describe: 'policy mode (eval: no exploration noise)' })
      .option('video', { type: 'string', describe: 'write the rendered episodes as an animated GIF (FILE.gif)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object as the last line' })
      .example('dreamer eval --checkpoint runs/cartpole --episodes 20', 'evaluate the latest checkpoint')
      .example('dreamer eval --checkpoint runs/pm --video pm.gif --json', 'with a video and a JSON summary'),
  async run(args) {
    const episodes = Number(args.episodes);
    const seed = Number(args.seed);
    if (!Number.isInteger(episodes) || episodes < 1) throw new DreamerError(`--episodes must be a whole number >= 1, got ${String(args.episodes)}.`);
    if (!Number.isInteger(seed) || seed < 0) throw new DreamerError(`--seed must be a whole number >= 0, got ${String(args.seed)}.`);
    const video = args.video === undefined ? undefined : String(args.video);
    if (video !== undefined) checkGifPath(video);
    const run = await openRun(String(args.checkpoint), video ? 'required' : 'no');
    const { policy } = singleEnvPolicy(run, args.mode === 'explore' ? 'explore' : 'eval');
    const result = runEpisodes(run.env, policy, { episodes, seed, render: video !== undefined });
    run.env.close();
    const report = evalReport(run.cfg.env.id, result.returns, result.lengths);
    printReport(report, run.checkpoint.path, run.checkpoint.step);
    if (video) {
      writeGif(video, result.frames, { fps: run.env.metadata.renderFps ?? DEFAULT_VIDEO_FPS });
      console.log(`wrote ${video} (${result.frames.length} frames)`);
    }
    if (args.json) console.log(JSON.stringify(report));
    return 0;
  },
};

/** Mean, population std (NumPy's np.std), Student-t 95 % interval of the mean, mean length. */
export function evalReport(env: string, returns: number[], lengths: number[]): EvalReport {
  const m = mean(returns);
  const std = Math.sqrt(mean(returns.map((r) => (r - m) ** 2)));
  return { env, episodes: returns.length, return_mean: m, return_std: std, ci95: ci95(returns), length_mean: mean(lengths), returns };
}

function printReport(r: EvalReport, path: string, step: number): void {
  const f = (x: number) => x.toFixed(2);
  console.log(`checkpoint ${path} (env step ${step}), env ${r.env}, ${r.episodes} episodes`);
  console.log(`return ${f(r.return_mean)} ± ${f(r.return_std)} (std), 95 % CI [${f(r.ci95[0])}, ${f(r.ci95[1])}], mean length ${f(r.length_mean)}`);
}
