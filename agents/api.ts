/**
 * The agent contract: everything the run loop, checkpoints, `eval` and `dream` know about an agent. A new agent
 * implements `Agent` in agents/<name>/ and adds one line to the registry in agents/index.ts; nothing in src/
 * imports an agent's own files.
 */
import type { Tensor } from '../src/io/dtypes.js';
import type { SequenceBatch } from '../src/replay/index.js';

/**
 * One entry of the flat observation row the agent reads: a vector (any Box, flattened) or an image (a uint8 Box
 * [H, W, C], HWC, values 0..255), at columns [offset, offset + size) of the row. A plain Box is one entry
 * (key 'obs', or 'image' for an image); a Dict has one entry per key, in the Dict's key order.
 */
export interface ObsEntry {
  key: string;
  kind: 'vector' | 'image';
  /** [D] for vectors, [H, W, C] for images */
  shape: number[];
  offset: number;
  size: number;
}

/** The entries of an observation row, in column order; they tile [0, O) with no gap. */
export type ObsLayout = readonly ObsEntry[];

/** The layout of a plain vector observation of `size` values. */
export function vectorLayout(size: number): ObsLayout {
  return [{ key: 'obs', kind: 'vector', shape: [size], offset: 0, size }];
}

/** O: the width of an observation row. */
export function layoutSize(layout: ObsLayout): number {
  return layout.reduce((n, e) => n + e.size, 0);
}

/** 'explore' samples (exploration noise on), 'eval' takes the mode of the policy. */
export type PolicyMode = 'explore' | 'eval';

/** Scalars by name ('loss/model', 'grad_norm/actor', ...), as the loggers take them. */
export type Metrics = Record<string, number>;

/** The actions the agent emits: one-hot rows for Discrete(n), values in [-1, 1] for a Box of `dims` dimensions. */
export type ActionSpec = { kind: 'discrete'; n: number } | { kind: 'continuous'; dims: number };

/** Width A of one action row: n for discrete (one-hot), dims for continuous. */
export function actionSize(spec: ActionSpec): number {
  return spec.kind === 'discrete' ? spec.n : spec.dims;
}

export interface PolicyOutput<S> {
  /** [N, A] row-major: one-hot for discrete actions, values in [-1, 1] for Box actions. */
  action: Float32Array;
  /** The carry for the next call (the recurrent state, one row per sub-env), owned by the agent. */
  state: S;
}

/** Tensors by name, e.g. `{ 'wm/encoder/dense0/kernel': ... }`; names may contain '/' and '.'. */
export type NamedTensors = Record<string, Tensor>;

/**
 * An agent's share of a checkpoint, by file stem: `tensors.weights` becomes weights.safetensors, `json.agent`
 * becomes agent.json. Its layout belongs to the agent; the run writes and reads the files without looking inside.
 * Stems hold letters, digits, '_' and '-'; the run's own stems (run, config, replay, replay_meta, carry) are taken.
 */
export interface AgentParts {
  tensors: Record<string, NamedTensors>;
  json: Record<string, unknown>;
}

/** What `load` restores: only what acting needs (`eval`, `dream`), or everything training continues from. */
export type LoadScope = 'policy' | 'training';

/** The slice of an agent that steps envs: act, and free the carry. The driver and `evaluate` need only this. */
export interface Policy<S = unknown> {
  readonly actionSpec: ActionSpec;
  /** obs [N, O] row-major, isFirst [N]: the step starts an episode (reset the carry). The old carry is consumed. */
  policy(obs: Float32Array, isFirst: ArrayLike<boolean>, state: S | undefined, mode: PolicyMode): PolicyOutput<S>;
  /** Frees a carry the agent returned (tensors, for a recurrent agent). */
  disposeState(state: S): void;
  /**
   * The carry as named arrays (one row per sub-env, e.g. [N, D]), copied out: a checkpoint taken mid-episode saves
   * it so that a resume continues every episode exactly. Absent: the carry cannot be saved, and a resume from a
   * mid-episode checkpoint restarts every sub-env's episode.
   */
  saveCarry?(state: S): NamedTensors;
  /**
   * A carry for `numEnvs` sub-envs rebuilt from `saveCarry` output (owned by the caller, freed by `disposeState`).
   * A missing, extra or misshaped entry is a CheckpointError naming it and `source`.
   */
  loadCarry?(saved: NamedTensors, numEnvs: number, source: string): S;
}

/** What the run loop needs from any agent (see agents/index.ts for the kinds). */
export interface Agent<S = unknown> extends Policy<S> {
  /** One update from a replayed batch [B, T, ·]; returns its metrics (losses, gradient norms). */
  train(batch: SequenceBatch): Metrics;
  /** Facts about the agent for logs (parameter counts). */
  report(): Metrics;
  /** Weights, optimiser moments, RNG positions: everything a resumed run continues from. */
  save(): AgentParts;
  /** Restores `save()` output into an agent built from the same config; a CheckpointError names any mismatch. */
  load(parts: AgentParts, scope: LoadScope, source: string): void;
  /** Open-loop prediction with a world model (`dreamer dream`); absent on agents without one. */
  readonly dream?: DreamModel;
}

/** One real episode as a world model sees it (replay alignment: actions[t] = a_{t-1}, rewards[t] = r_t). */
export interface RealEpisode {
  /** [T][O] o_0 .. o_{T-1} */
  obs: Float32Array[];
  /** [T][A] the model-space action that led to o_t (zeros at t = 0) */
  actions: Float32Array[];
  /** [T] the reward received on arriving at o_t (0 at t = 0) */
  rewards: number[];
}

/** A world model's predictions for steps C .. C+H-1 of an episode, in observation units. */
export interface DreamPrediction {
  /** [H][O] decoded observations */
  obs: number[][];
  /** [H] predicted rewards */
  reward: number[];
  /** [H] predicted probabilities that the episode continues */
  cont: number[];
}

export interface DreamModel {
  /**
   * Filters the first `context` real observations into a latent state, then predicts `horizon` steps feeding
   * the actions really taken, without observations (open loop). Needs context + horizon <= episode length.
   */
  predict(episode: RealEpisode, context: number, horizon: number): DreamPrediction;
}
