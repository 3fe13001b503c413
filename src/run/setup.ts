import '../../envs/register.js';
import { actionSize, agentEntry, createAgent, createExplorer, type Agent } from '../../agents/index.js';
import type { Config } from '../config/index.js';
import type { Env } from '../env/env.js';
import { makeVecAsync } from '../env/vector/make-vec.js';
import type { VectorEnv } from '../env/vector/vector-env.js';
import { Replay, Xoshiro128 } from '../replay/index.js';
import { Driver } from './driver.js';
import { EnvGuard } from './env-guard.js';
import { flattenDictObservation, flattenDictVectorObservation } from './dict-observation.js';
import type { Space } from '../env/spaces/space.js';
import { ConfigError } from '../util/errors.js';
import { ActionRepeat } from '../env/wrappers/action-repeat.js';
import { imageColumns } from './obs-layout.js';
import { applyObsMode, wantsPixels } from './pixel-env.js';
import { adaptSpaces, type SpaceAdapter } from './spaces.js';

/** Seeds of the separate streams of a run, derived from `run.seed` so one number reproduces everything. */
export const SEED_OFFSETS = { agent: 1, replay: 2, explore: 3, eval: 1_000_003 } as const;

/** The pieces of a training run, built from a validated config. */
export interface RunParts {
  adapter: SpaceAdapter;
  driver: Driver;
  evalDriver: Driver;
  agent: Agent;
  /** The uniform-random policy used for prefill, holding each action `run.prefill_hold` steps (and as the whole agent when `agent.kind` is random). */
  explorer: Agent;
  /** Whether the agent learns (the run takes updates); false for the random baseline. */
  learns: boolean;
  replay: Replay;
}

/** A run's vector env and the observation space of one sub-env before Dict flattening (it gives the row layout). */
export interface RunEnvs {
  venv: VectorEnv;
  obsSpace: Space<unknown>;
}

/**
 * Vector env for `cfg.env` with `numEnvs` sub-envs (`env.id` takes anything `make` takes), observing what `env.obs`
 * asks for (./pixel-env.ts: rendered frames need 'rgb_array' rendering and in-process sub-envs).
 */
export async function makeEnvs(cfg: Config, numEnvs: number): Promise<RunEnvs> {
  const { id, max_episode_steps, kwargs, vectorization, action_repeat: repeat } = cfg.env;
  const pixels = wantsPixels(cfg.env);
  if (pixels && vectorization !== 'sync') {
    throw new ConfigError(`env ${id}: env.obs=${cfg.env.obs} wraps every sub-env in this process to render its frames; worker threads cannot take that wrapper: set env.vectorization=sync.`);
  }
  // In-process sub-envs are each checked (observation shape per Dict entry, finite values) so a misshaped
  // observation names its sub-env and entry instead of being written into the batch; the driver checks every batch.
  // The repeat wraps the env `make` built, outside its TimeLimit (so the limit counts control steps) and inside the
  // observation mode (so a pixel run renders once per agent step, the last frame of the repeat); worker threads
  // apply it by name (functions cannot be sent to them).
  let subEnv = 0;
  let obsSpace: Space<unknown> | undefined;
  const wrap = (env: Env): Env => {
    const repeated = repeat > 1 ? (new ActionRepeat(env, repeat) as Env) : env;
    const observed = new EnvGuard(applyObsMode(id, cfg.env, repeated), { subEnv: subEnv++ }) as Env;
    obsSpace ??= observed.observationSpace as Space<unknown>;
    return flattenDictObservation(id, observed);
  };
  const venv = await makeVecAsync(id, {
    numEnvs,
    vectorizationMode: vectorization,
    ...(vectorization === 'sync' ? { wrappers: [wrap] } : {}),
    ...(vectorization === 'async' && repeat > 1 ? { workerWrappers: [{ kind: 'ActionRepeat' as const, repeat }] } : {}),
    ...(max_episode_steps === null ? {} : { maxEpisodeSteps: max_episode_steps }),
    ...(pixels ? { renderMode: 'rgb_array' as const } : {}),
    ...kwargs,
  });
  if (vectorization === 'sync') return { venv, obsSpace: obsSpace ?? venv.singleObservationSpace };
  try {
    // Sub-envs in workers (or a batched entry point) give Dict batches: flattened row by row here.
    return { venv: flattenDictVectorObservation(id, venv), obsSpace: venv.singleObservationSpace };
  } catch (e) {
    venv.close();
    throw e;
  }
}

export async function buildRun(cfg: Config): Promise<RunParts> {
  const { venv, obsSpace } = await makeEnvs(cfg, cfg.env.num_envs);
  const { venv: evalEnv } = await makeEnvs(cfg, cfg.env.eval_num_envs);
  const adapter = adaptSpaces(cfg.env.id, venv.singleObservationSpace, venv.singleActionSpace, obsSpace);
  const seed = cfg.run.seed;
  const explorer = createExplorer(adapter.spec, seed + SEED_OFFSETS.explore, cfg.run.prefill_hold);
  const agent = createAgent({ config: cfg.agent, obsSize: adapter.obsSize, obsLayout: adapter.obsLayout, actionSpec: adapter.spec, seed: seed + SEED_OFFSETS.agent, explorer });
  const replay = new Replay(
    { capacity: cfg.replay.capacity, numEnvs: cfg.env.num_envs, obsDim: adapter.obsSize, actionDim: actionSize(adapter.spec), imageColumns: imageColumns(adapter.obsLayout) },
    new Xoshiro128(seed + SEED_OFFSETS.replay),
  );
  const repeat = cfg.env.action_repeat;
  const [driver, evalDriver] = [new Driver(venv, adapter, cfg.env.id, repeat), new Driver(evalEnv, adapter, cfg.env.id, repeat)];
  return { adapter, driver, evalDriver, agent, explorer, learns: agentEntry(cfg.agent.kind).learns, replay };
}
