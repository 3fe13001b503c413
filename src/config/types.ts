import type { AgentConfig } from './agent.js';
import type { BACKENDS, CONSOLE_MODES, ENV_OBS_MODES, LOG_SINKS, NATIVE_BLAS_CHOICES, VECTORIZATION_MODES } from './schema.js';

/** The typed, validated config; each field's meaning and default are in configs/defaults.yaml. */
export interface Config {
  backend: (typeof BACKENDS)[number];
  native_blas: (typeof NATIVE_BLAS_CHOICES)[number];
  threads: number;
  env: EnvConfig;
  run: RunConfig;
  replay: ReplayConfig;
  log: LogConfig;
  agent: AgentConfig;
}

export interface EnvConfig {
  /** absolute for env files (`/abs/my-env.ts:MyEnv`) */
  id: string;
  /** env.id as typed, when a relative file path was made absolute; '' otherwise (display only) */
  id_as_typed: string;
  num_envs: number;
  /** null keeps the registered limit, -1 removes the TimeLimit */
  max_episode_steps: number | null;
  /** control steps per agent step (ActionRepeat outside the TimeLimit) */
  action_repeat: number;
  kwargs: Record<string, unknown>;
  vectorization: (typeof VECTORIZATION_MODES)[number];
  eval_num_envs: number;
  /** state, pixels or pixels+state: what the agent observes of the env */
  obs: (typeof ENV_OBS_MODES)[number];
  /** [height, width] of rendered frames when `obs` has pixels */
  image_size: number[];
  grayscale: boolean;
}

export interface RunConfig {
  steps: number;
  seed: number;
  train_ratio: number;
  prefill: number;
  prefill_hold: number;
  eval_every: number;
  eval_episodes: number;
  log_every: number;
  checkpoint_every: number;
  keep_checkpoints: number;
  /** '' picks runs/<env id>/<date>-<time>-seed<seed> */
  logdir: string;
  max_nonfinite_updates: number;
  /** env steps between full garbage collections; 0: V8 decides */
  gc_every: number;
  /** V8's incremental marking on (true) or off (false, default) for the training process */
  incremental_marking: boolean;
}

export interface ReplayConfig {
  capacity: number;
  batch_size: number;
  seq_len: number;
  save_in_checkpoint: boolean;
}

export interface LogConfig {
  sinks: (typeof LOG_SINKS)[number][];
  console: (typeof CONSOLE_MODES)[number];
  line_interval: number;
}
