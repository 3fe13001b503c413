/**
 * Data types of the replay.
 *
 * Alignment convention (DreamerV1 / dreamerv3-torch style): row t of a stream holds
 *   obs[t]        o_t, the observation the env shows at step t
 *   action[t]     a_{t-1}, the action that LED to o_t (all zeros where isFirst: nothing led to a reset obs)
 *   reward[t]     r_t, the reward received on arriving at o_t (0 where isFirst)
 *   isFirst[t]    o_t is the reset observation of a new episode (the RSSM resets its state here)
 *   isLast[t]     o_t is the final observation of an episode (terminated or truncated)
 *   isTerminal[t] o_t ends the episode by a true termination (the MDP stops: continue target 0);
 *                 a TimeLimit truncation sets isLast but NOT isTerminal, so value targets bootstrap across it.
 * So the world model steps h_t = f(h_{t-1}, z_{t-1}, action[t]), reads obs[t], and predicts reward[t] and
 * cont[t] = 1 - isTerminal[t] from the feature at t. Discrete actions are stored one-hot (A = number of actions).
 */

/** One vector-env step for N sub-envs, laid out as above. */
export interface ReplayStep {
  /** [N, D] o_t of each sub-env */
  obs: Float32Array;
  /** [N, A] a_{t-1} of each sub-env (zeros where isFirst) */
  action: Float32Array;
  /** [N] r_t */
  reward: ArrayLike<number>;
  /** [N] */
  isFirst: ArrayLike<boolean | number>;
  /** [N] terminated or truncated */
  isLast: ArrayLike<boolean | number>;
  /** [N] terminated only */
  isTerminal: ArrayLike<boolean | number>;
}

/** B sequences of T consecutive steps, each from one sub-env's stream; flags are 0/1 floats, ready for tensors. */
export interface SequenceBatch {
  batchSize: number;
  seqLen: number;
  obsDim: number;
  actionDim: number;
  /** [B, T, D] */
  obs: Float32Array;
  /** [B, T, A] a_{t-1} */
  action: Float32Array;
  /** [B, T] */
  reward: Float32Array;
  /** [B, T] */
  isFirst: Float32Array;
  /** [B, T] */
  isLast: Float32Array;
  /** [B, T] */
  isTerminal: Float32Array;
  /** [B, T] 1 - isTerminal: the continue head's target */
  cont: Float32Array;
}

export interface ReplayOptions {
  /** steps over all sub-envs; each sub-env gets floor(capacity / numEnvs) */
  capacity: number;
  numEnvs: number;
  obsDim: number;
  actionDim: number;
  /**
   * Columns of an observation row that hold image pixels (uint8 values 0..255): stored as uint8, one byte each,
   * and converted to float only in a sampled batch. Sorted, not overlapping; absent or empty: every column is float.
   */
  imageColumns?: readonly ImageColumns[];
}

/** `size` consecutive columns of an observation row from `offset` on. */
export interface ImageColumns {
  offset: number;
  size: number;
}

/**
 * The ring storage, per sub-env stream: obs [N, C, D - P] (the float columns), pixels [N, C, P] (the image columns,
 * uint8; empty without images), action [N, C, A], the rest [N, C].
 */
export interface ReplayArrays {
  obs: Float32Array;
  pixels: Uint8Array;
  action: Float32Array;
  reward: Float32Array;
  isFirst: Uint8Array;
  isLast: Uint8Array;
  isTerminal: Uint8Array;
}

/** Everything a checkpoint needs to restore the replay exactly: JSON metadata plus named typed arrays. */
export interface ReplayState {
  meta: ReplayOptions & {
    version: number;
    streamCapacity: number;
    /** per stream: next row to write */
    heads: number[];
    /** per stream: rows filled (<= streamCapacity) */
    sizes: number[];
    /** total steps ever added (over all streams) */
    added: number;
    rng: unknown;
  };
  arrays: ReplayArrays;
}
