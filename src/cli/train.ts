import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { loadConfig, RESOLVED_CONFIG_FILE, type Config } from '../config/index.js';
import { SIGNAL_EXIT_CODES, train } from '../run/train.js';
import { checkWritableLogdir } from './logdir.js';
import { checkSeeds, runSeedsParallel, runSeedsSequential } from './train-seeds.js';
import { CheckpointError, ConfigError } from '../util/errors.js';
import type { CliCommand } from './command.js';

/** The preset `dreamer train` uses when no --config is given. */
export const DEFAULT_PRESET = 'cartpole';

export const trainCommand: CliCommand = {
  name: 'train',
  usage: 'train [overrides..]',
  describe: 'train an agent: defaults.yaml, then --config presets, then key=value overrides (default: CartPole)',
  builder: (y: Argv) =>
    y
      .positional('overrides', { type: 'string', array: true, describe: 'dotted key=value overrides, e.g. run.steps=20000' })
      .option('config', { type: 'string', describe: `preset name or YAML path; repeat to stack presets in order (default: ${DEFAULT_PRESET})` })
      .option('logdir', { type: 'string', describe: 'run folder (default: run.logdir, else runs/<env id>/<time>-seed<seed>)' })
      .option('resume', { type: 'string', describe: "continue the run in this folder from its latest complete checkpoint (its config.yaml, then overrides)" })
      .option('seeds', { type: 'number', describe: 'train this many seeds (run.seed, run.seed+1, ...) into LOGDIR/seed0, seed1, ...' })
      .option('parallel', { type: 'boolean', default: false, describe: 'with --seeds: run the seeds at once in child processes' })
      .option('seed', { type: 'number', describe: 'the same as the override run.seed=N' })
      .option('steps', { type: 'number', describe: 'the same as the override run.steps=N' })
      .example('dreamer train --config pendulum --seeds 3 --logdir runs/pd', 'three seeds into runs/pd/seed0..2')
      .example('dreamer train', `CartPole-v1 with the ${DEFAULT_PRESET} preset`)
      .example('dreamer train --config pendulum run.seed=1', 'Pendulum-v1, seed 1')
      .example('dreamer train env.id=./my_env.js:MyEnv', "a user's env, loaded by path")
      .example('dreamer train --config defaults env.id=Acrobot-v1', 'the one default config alone (train ratio 128), no preset')
      .example('dreamer train --resume runs/CartPole-v1/20260101-120000-seed0', 'continue a stopped or killed run'),
  async run(args) {
    const presets = args.config === undefined ? [DEFAULT_PRESET] : [args.config].flat().map(String);
    const overrides = withFlagOverrides(((args.overrides as unknown[] | undefined) ?? []).map(String), args);
    const resume = args.resume === undefined ? undefined : String(args.resume);
    if (resume !== undefined && !existsSync(join(resume, RESOLVED_CONFIG_FILE))) {
      throw new CheckpointError(`--resume ${resume}: no ${RESOLVED_CONFIG_FILE} there, so it is not a run folder; pass the --logdir of a \`dreamer train\` run.`);
    }
    const cfg = resume === undefined ? loadConfig({ config: presets, overrides }) : loadConfig({ config: join(resume, RESOLVED_CONFIG_FILE), overrides });
    const seeds = args.seeds === undefined ? undefined : Number(args.seeds);
    if (seeds !== undefined) checkSeeds(seeds, resume);
    const logdir = resume ?? (args.logdir === undefined ? defaultLogdir(cfg, seeds) : String(args.logdir));
    checkWritableLogdir(logdir);
    if (seeds !== undefined) {
      const plan = { seeds, baseSeed: cfg.run.seed, logdir, presets, overrides };
      if (args.parallel) return runSeedsParallel(plan);
      return runSeedsSequential(plan, (seedOverrides, dir) => trainOne(loadConfig({ config: presets, overrides: seedOverrides }), dir, false));
    }
    return trainOne(cfg, logdir, resume !== undefined);
  },
};

/** `--seed`/`--steps`: shorthands users type for the overrides `run.seed=`/`run.steps=`, which they become. */
const FLAG_OVERRIDES = { seed: 'run.seed', steps: 'run.steps' } as const;

function withFlagOverrides(overrides: string[], args: Record<string, unknown>): string[] {
  const out = [...overrides];
  for (const [flag, key] of Object.entries(FLAG_OVERRIDES)) {
    if (args[flag] === undefined) continue;
    if (overrides.some((o) => o.startsWith(`${key}=`))) {
      throw new ConfigError(`--${flag} and ${key}=... both set ${key}: give one of them.`);
    }
    out.push(`${key}=${String(args[flag])}`);
  }
  return out;
}

/** One training run, with its start and end lines on the console. */
async function trainOne(cfg: Config, logdir: string, resume: boolean): Promise<number> {
  console.log(`dreamer train: ${cfg.env.id_as_typed || cfg.env.id}, ${cfg.run.steps} env steps, seed ${cfg.run.seed}, train ratio ${cfg.run.train_ratio} -> ${logdir}`);
  const result = await train(cfg, { logdir, resume });
  if (result.interrupted) {
    console.log(`stopped at ${result.steps} env steps; checkpoint ${result.checkpoint}; continue with: dreamer train --resume ${logdir}`);
    return SIGNAL_EXIT_CODES[result.signal ?? 'SIGINT']; // 128 + the signal; also stops a --seeds loop
  }
  const last = result.evals.at(-1);
  console.log(`done: ${result.steps} env steps, ${result.updates} updates${last ? `, final eval return ${last[1].toFixed(1)}` : ''}; logs in ${logdir}`);
  return 0;
}

/**
 * run.logdir, else runs/<env id>/<YYYYMMDD-HHMMSS>-seed<seed>; with `--seeds N` the parent of the seed folders,
 * runs/<env id>/<YYYYMMDD-HHMMSS>-seeds<first>-<last> (so seed folders are not nested in a "-seed0" folder).
 */
export function defaultLogdir(cfg: Config, seeds?: number): string {
  if (cfg.run.logdir) return cfg.run.logdir;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const envName = (cfg.env.id_as_typed || cfg.env.id).replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[_.]+/, '');
  const first = cfg.run.seed;
  const name = seeds === undefined ? `${stamp}-seed${first}` : `${stamp}-seeds${first}-${first + seeds - 1}`;
  return join('runs', envName, name);
}
