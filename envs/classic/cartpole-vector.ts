/**
 * Gymnasium 1.4's `CartPoleVectorEnv` (CartPole-v1's vector entry point): `numEnvs` cart-poles stepped together
 * in one state array, with its own semantics, which differ from SyncVectorEnv over CartPoleEnv:
 * - one generator for the whole batch; `reset({ seed })` seeds it with `seed` (not seed + i), and the state is
 *   drawn as uniform(size=(4, numEnvs)) in that row-major order;
 * - an internal step counter truncates at `maxEpisodeSteps` (no TimeLimit wrapper);
 * - NextStep autoreset: the step after a sub-env ended, its state is redrawn (uniform(size=(4, k)) for the k
 *   sub-envs that ended, in the same order), and it reports reward 0, terminated and truncated false;
 * - rewards are 1 per step (float32 in Gymnasium), with the Sutton-Barto option -terminated, and no
 *   post-termination reward logic.
 */
import type { EnvMetadata, Frame, RenderMode } from '../../src/env/env.js';
import type { RandomGenerator } from '../../src/env/rng/generator.js';
import { seedingNpRandom } from '../../src/env/rng/pcg64.js';
import { batchSpace } from '../../src/env/spaces/batch.js';
import { Box } from '../../src/env/spaces/box.js';
import { Discrete } from '../../src/env/spaces/discrete.js';
import type { Space } from '../../src/env/spaces/space.js';
import { VectorEnv, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from '../../src/env/vector/vector-env.js';
import { Canvas } from '../../src/render/canvas.js';
import { EnvError, InvalidActionError, ResetNeededError } from '../../src/util/errors.js';
import { drawCartPole } from './cartpole-render.js';
import { CARTPOLE, cartPoleEulerStep, THETA_THRESHOLD_RADIANS } from './cartpole-physics.js';
import { parseResetBounds } from './reset-options.js';

export interface CartPoleVectorOptions {
  numEnvs?: number;
  maxEpisodeSteps?: number;
  renderMode?: RenderMode;
  suttonBartoReward?: boolean;
}

const STATE_DIM = 4;
const DEFAULT_MAX_EPISODE_STEPS = 500;

export class CartPoleVectorEnv extends VectorEnv<Float32Array, ArrayLike<number>> {
  readonly numEnvs: number;
  readonly maxEpisodeSteps: number;
  readonly suttonBartoReward: boolean;
  readonly singleActionSpace = new Discrete(2);
  readonly singleObservationSpace = new Box({
    low: [-CARTPOLE.xThreshold * 2, -Infinity, -THETA_THRESHOLD_RADIANS * 2, -Infinity],
    high: [CARTPOLE.xThreshold * 2, Infinity, THETA_THRESHOLD_RADIANS * 2, Infinity],
    dtype: 'float32',
  });
  readonly observationSpace: Space<Float32Array>;
  readonly actionSpace: Space<ArrayLike<number>>;
  readonly metadata: EnvMetadata & { autoresetMode: 'NextStep' } = {
    renderModes: ['rgb_array'],
    renderFps: CARTPOLE.renderFps,
    autoresetMode: 'NextStep',
  };
  /** State as Gymnasium holds it: shape (4, numEnvs), row-major (row r = variable r of every sub-env). */
  state: Float64Array | undefined = undefined;
  private steps: Int32Array;
  private prevDone: Uint8Array;
  private low: number = -CARTPOLE.resetBound;
  private high: number = CARTPOLE.resetBound;
  private rng: RandomGenerator | undefined = undefined;

  constructor(opts: CartPoleVectorOptions = {}) {
    super();
    this.numEnvs = opts.numEnvs ?? 1;
    if (!Number.isInteger(this.numEnvs) || this.numEnvs <= 0) {
      throw new EnvError(`CartPoleVectorEnv: numEnvs must be a positive integer, got ${String(opts.numEnvs)}.`);
    }
    this.maxEpisodeSteps = opts.maxEpisodeSteps ?? DEFAULT_MAX_EPISODE_STEPS;
    this.suttonBartoReward = opts.suttonBartoReward ?? false;
    if (opts.renderMode !== undefined && opts.renderMode !== 'rgb_array') {
      throw new EnvError(`CartPoleVectorEnv: render mode "${opts.renderMode}" is not supported; use "rgb_array".`);
    }
    this.renderMode = opts.renderMode;
    this.observationSpace = batchSpace(this.singleObservationSpace, this.numEnvs) as Space<Float32Array>;
    this.actionSpace = batchSpace(this.singleActionSpace, this.numEnvs) as Space<ArrayLike<number>>;
    this.steps = new Int32Array(this.numEnvs);
    this.prevDone = new Uint8Array(this.numEnvs);
  }

  /** The batch's generator (seeded from OS entropy on first use, like Gymnasium's `np_random`). */
  get npRandom(): RandomGenerator {
    if (this.rng === undefined) this.rng = seedingNpRandom()[0];
    return this.rng;
  }

  override reset(opts: VectorResetOptions = {}): VectorResetResult<Float32Array> {
    if (Array.isArray(opts.seed)) throw new EnvError('CartPoleVectorEnv.reset takes one int seed for the whole batch.');
    if (opts.seed !== undefined) this.rng = seedingNpRandom(opts.seed as number)[0];
    [this.low, this.high] = parseResetBounds(opts.options, -CARTPOLE.resetBound, CARTPOLE.resetBound, 'CartPoleVectorEnv');
    this.state = this.npRandom.uniform(this.low, this.high, STATE_DIM * this.numEnvs);
    this.steps.fill(0);
    this.prevDone.fill(0);
    return { obs: this.observation(), infos: {} };
  }

  override step(actions: ArrayLike<number>): VectorStepResult<Float32Array> {
    this.checkActions(actions);
    const s = this.state;
    if (s === undefined) throw new ResetNeededError('CartPoleVectorEnv: call reset() before step().');
    const n = this.numEnvs;
    const rewards = new Float64Array(n);
    const terminations = new Uint8Array(n);
    const truncations = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const terminated = cartPoleEulerStep(s, i, n, Math.sign(actions[i] - 0.5) * CARTPOLE.forceMag);
      this.steps[i] += 1;
      terminations[i] = terminated ? 1 : 0;
      truncations[i] = this.steps[i] >= this.maxEpisodeSteps ? 1 : 0;
      rewards[i] = this.suttonBartoReward ? -terminations[i] : 1;
    }
    this.resetFinished(s, rewards, terminations, truncations);
    for (let i = 0; i < n; i++) this.prevDone[i] = terminations[i] | truncations[i];
    return { obs: this.observation(), rewards, terminations, truncations, infos: {} };
  }

  /** Redraws the sub-envs that ended on the previous step: one (4, k) uniform draw, row-major. */
  private resetFinished(s: Float64Array, rewards: Float64Array, terminations: Uint8Array, truncations: Uint8Array): void {
    const done: number[] = [];
    for (let i = 0; i < this.numEnvs; i++) if (this.prevDone[i]) done.push(i);
    if (done.length === 0) return;
    const draws = this.npRandom.uniform(this.low, this.high, STATE_DIM * done.length);
    done.forEach((env, j) => {
      for (let r = 0; r < STATE_DIM; r++) s[r * this.numEnvs + env] = draws[r * done.length + j];
      this.steps[env] = 0;
      rewards[env] = 0;
      terminations[env] = 0;
      truncations[env] = 0;
    });
  }

  /** state.T as float32: [numEnvs, 4]. */
  private observation(): Float32Array {
    const s = this.state as Float64Array;
    const n = this.numEnvs;
    const obs = new Float32Array(n * STATE_DIM);
    for (let i = 0; i < n; i++) for (let r = 0; r < STATE_DIM; r++) obs[i * STATE_DIM + r] = s[r * n + i];
    return obs;
  }

  private checkActions(actions: ArrayLike<number>): void {
    let ok = actions !== null && typeof actions === 'object' && actions.length === this.numEnvs;
    for (let i = 0; ok && i < this.numEnvs; i++) ok = actions[i] === 0 || actions[i] === 1;
    if (!ok) {
      throw new InvalidActionError(
        `CartPoleVectorEnv: actions ${String(actions)} are not in ${String(this.actionSpace)}; pass ${this.numEnvs} values, each 0 or 1.`,
      );
    }
  }

  /** One rgb_array frame per sub-env. */
  render(): Frame[] | undefined {
    if (this.renderMode !== 'rgb_array' || this.state === undefined) return undefined;
    const one = new Float64Array(STATE_DIM);
    return Array.from({ length: this.numEnvs }, (_, i) => {
      for (let r = 0; r < STATE_DIM; r++) one[r] = (this.state as Float64Array)[r * this.numEnvs + i];
      const canvas = new Canvas(CARTPOLE.screenWidth, CARTPOLE.screenHeight);
      drawCartPole(canvas, one);
      canvas.flipVertical();
      return canvas.toFrame();
    });
  }

  override toString(): string {
    return `CartPoleVectorEnv(CartPole-v1, numEnvs=${this.numEnvs})`;
  }
}
