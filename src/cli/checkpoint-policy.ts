import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import '../../envs/register.js';
import { createAgent, createExplorer, type Agent, type PolicyMode } from '../../agents/index.js';
import { loadConfig, RESOLVED_CONFIG_FILE, type Config } from '../config/index.js';
import type { Env, RenderMode } from '../env/env.js';
import { makeAsync } from '../env/make.js';
import { ActionRepeat } from '../env/wrappers/action-repeat.js';
import type { Space } from '../env/spaces/space.js';
import { loadCheckpoint, type LoadedCheckpoint } from '../run/checkpoint.js';
import { SEED_OFFSETS } from '../run/setup.js';
import { loadAgentFrom, trainedOn } from '../run/trained-on.js';
import { adaptSpaces, type SpaceAdapter } from '../run/spaces.js';
import { flattenDictObservation } from '../run/dict-observation.js';
import { applyObsMode, wantsPixels } from '../run/pixel-env.js';
import { initBackend } from '../tensor/backend.js';
import { backendThreads } from '../run/train.js';
import { CheckpointError, DreamerError } from '../util/errors.js';
import type { EpisodePolicy } from '../video/episodes.js';

/** A trained run opened from `--checkpoint`: its config, one env built like the run's, and the restored agent. */
export interface OpenedRun {
  cfg: Config;
  checkpoint: LoadedCheckpoint;
  env: Env<unknown, unknown>;
  adapter: SpaceAdapter;
  agent: Agent;
}

/**
 * Loads the checkpoint (`--checkpoint` = a run folder for its latest complete checkpoint, or one ckpt-* folder),
 * the run's config.yaml beside it, builds one env of the run's kind (rendering when asked) and the agent with the
 * checkpoint's weights.
 */
export async function openRun(checkpointArg: string, render: 'no' | 'if-possible' | 'required' = 'no'): Promise<OpenedRun> {
  const checkpoint = loadCheckpoint(checkpointArg);
  const cfg = runConfig(checkpoint.path);
  await initBackend(cfg.backend, { quiet: true, threads: backendThreads(cfg), nativeBlas: cfg.native_blas });
  const { env, obsSpace } = await makeRunEnv(cfg, render);
  const adapter = adaptSpaces(cfg.env.id, env.observationSpace as Space<unknown>, env.actionSpace as Space<unknown>, obsSpace);
  return { cfg, checkpoint, env, adapter, agent: restoreAgent(cfg, adapter, checkpoint) };
}

/**
 * Video frame size for envs that render at any size (their metadata says `renderResizable`, as the DMC envs' do)
 * when the run's kwargs set none: twice DreamerV3's 64 x 64 observations, the same framing.
 */
export const VIDEO_FRAME_SIZE = { width: 128, height: 128 } as const;

/**
 * One env as the run made them (its action repeat outside the TimeLimit, as in training; observing what `env.obs`
 * asks for); in 'rgb_array' render mode when asked and the env supports it, or when the run learnt from its frames.
 * `obsSpace` is its observation space before Dict flattening.
 */
async function makeRunEnv(cfg: Config, render: 'no' | 'if-possible' | 'required'): Promise<{ env: Env<unknown, unknown>; obsSpace: Space<unknown> }> {
  const { id, kwargs, max_episode_steps: limit, action_repeat: repeat } = cfg.env;
  const make = async (extra: Record<string, unknown> = {}): Promise<Env<unknown, unknown>> => {
    const env = await makeAsync(id, { ...kwargs, ...(limit === null ? {} : { maxEpisodeSteps: limit }), ...extra });
    return repeat > 1 ? new ActionRepeat(env, repeat) : env;
  };
  const observed = (env: Env<unknown, unknown>) => {
    const inner = applyObsMode(id, cfg.env, env as Env);
    return { env: flattenDictObservation(id, inner) as Env<unknown, unknown>, obsSpace: inner.observationSpace as Space<unknown> };
  };
  if (wantsPixels(cfg.env)) return observed(await make({ renderMode: 'rgb_array' }));
  const env = await make();
  if (render === 'no') return observed(env);
  if (env.metadata.renderModes.includes('rgb_array')) {
    const sized = env.metadata.renderResizable === true && kwargs.width === undefined && kwargs.height === undefined;
    env.close();
    const renderMode: RenderMode = 'rgb_array';
    return observed(await make(sized ? { renderMode, ...VIDEO_FRAME_SIZE } : { renderMode }));
  }
  if (render === 'required') {
    throw new DreamerError(`env ${id} does not render frames (its metadata.renderModes has no "rgb_array"): drop --video, or add rgb_array rendering to the env.`);
  }
  return observed(env);
}

/** The run folder's config.yaml (a checkpoint lives in RUN/checkpoints/ckpt-*). */
function runConfig(checkpointDir: string): Config {
  const path = join(dirname(dirname(checkpointDir)), RESOLVED_CONFIG_FILE);
  if (!existsSync(path)) {
    throw new CheckpointError(`${path} is missing: a checkpoint is read with its run's config; keep the checkpoint inside its run folder (RUN/checkpoints/ckpt-*).`);
  }
  return loadConfig({ config: path });
}

/** The run's agent with the checkpoint's weights (only what acting needs: no optimiser, no replay). */
function restoreAgent(cfg: Config, adapter: SpaceAdapter, checkpoint: LoadedCheckpoint): Agent {
  const seed = cfg.run.seed;
  const explorer = createExplorer(adapter.spec, seed + SEED_OFFSETS.explore);
  const agent = createAgent({ config: cfg.agent, obsSize: adapter.obsSize, obsLayout: adapter.obsLayout, actionSpec: adapter.spec, seed: seed + SEED_OFFSETS.agent, explorer });
  loadAgentFrom(agent, checkpoint, 'policy', trainedOn(cfg.env.id, adapter));
  return agent;
}

/**
 * The agent as a single-env policy: carries its recurrent state between calls and converts model actions to env
 * actions. `lastModelAction` is the model-space action of the latest call (what the world model is fed).
 */
export function singleEnvPolicy(run: OpenedRun, mode: PolicyMode): { policy: EpisodePolicy; lastModelAction: () => Float32Array } {
  let state: unknown;
  let last: Float32Array = new Float32Array(0);
  const discrete = run.adapter.spec.kind === 'discrete';
  const policy: EpisodePolicy = (obs, first) => {
    const out = run.agent.policy(obs, [first], state, mode);
    state = out.state;
    last = out.action;
    const envAction = run.adapter.toEnv(out.action, 1);
    return discrete ? envAction[0] : envAction;
  };
  return { policy, lastModelAction: () => last };
}
