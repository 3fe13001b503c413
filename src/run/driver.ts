import { actionSize, type Policy, type PolicyMode } from '../../agents/api.js';
import type { VectorEnv } from '../env/vector/vector-env.js';
import type { ReplayStep } from '../replay/index.js';
import { callGuarded, checkVectorStep } from './env-guard.js';
import type { SpaceAdapter } from './spaces.js';

/** See `Driver.getState`. */
export interface DriverState {
  obs: number[];
  prevAction: number[];
  reward: number[];
  isFirst: boolean[];
  isLast: boolean[];
  isTerminal: boolean[];
  epReturn: number[];
  epLength: number[];
}

/** An episode that ended during a step: its sub-env, undiscounted return and length in env steps. */
export interface EpisodeEnd {
  subEnv: number;
  return: number;
  length: number;
  terminated: boolean;
}

/**
 * Steps a vector env with an agent and keeps the replay row of every sub-env's current observation (the layout
 * of src/replay/types.ts: o_t with a_{t-1}, r_t and the flags). The agent's recurrent state is carried per sub-env
 * and reset where a step starts an episode (`isFirst`). Autoreset is Gymnasium's NextStep: after a final
 * observation, the next `step` resets that sub-env and ignores its action.
 */
export class Driver<S = unknown> {
  readonly numEnvs: number;
  private obs: Float32Array;
  private readonly prevAction: Float32Array;
  private readonly reward: Float32Array;
  private readonly isFirst: boolean[];
  private readonly isLast: boolean[];
  private readonly isTerminal: boolean[];
  private readonly epReturn: Float64Array;
  private readonly epLength: Int32Array;
  private state: S | undefined;
  private readonly actionSize: number;
  /** Env (control) steps taken over all sub-envs (the run sets it when resuming): named in env-fault messages. */
  envSteps = 0;

  constructor(
    readonly venv: VectorEnv,
    readonly adapter: SpaceAdapter,
    /** named in env-fault messages */
    readonly envId = 'env',
    /** control steps per vector step of each sub-env (env.action_repeat) */
    readonly actionRepeat = 1,
  ) {
    this.numEnvs = venv.numEnvs;
    const n = this.numEnvs;
    this.actionSize = actionSize(adapter.spec);
    this.obs = new Float32Array(n * adapter.obsSize);
    this.prevAction = new Float32Array(n * this.actionSize);
    this.reward = new Float32Array(n);
    this.isFirst = new Array<boolean>(n).fill(true);
    this.isLast = new Array<boolean>(n).fill(false);
    this.isTerminal = new Array<boolean>(n).fill(false);
    this.epReturn = new Float64Array(n);
    this.epLength = new Int32Array(n);
  }

  /** Resets every sub-env (sub-env i gets seed + i) and forgets the agent's carried state. */
  reset(agent: Policy<S>, seed?: number): void {
    const site = { envId: this.envId, step: this.envSteps, call: 'reset' as const };
    const { obs } = callGuarded(() => this.venv.reset(seed === undefined ? {} : { seed }), site);
    this.obs = Float32Array.from(obs as ArrayLike<number>);
    checkVectorStep({ obs: this.obs, rewards: new Float32Array(this.numEnvs) }, this.numEnvs, this.adapter.obsSize, site);
    this.prevAction.fill(0);
    this.reward.fill(0);
    this.isFirst.fill(true);
    this.isLast.fill(false);
    this.isTerminal.fill(false);
    this.epReturn.fill(0);
    this.epLength.fill(0);
    this.dropState(agent);
  }

  /** The replay row of the current observations. */
  row(): ReplayStep {
    return {
      obs: this.obs,
      action: this.prevAction,
      reward: this.reward,
      isFirst: this.isFirst,
      isLast: this.isLast,
      isTerminal: this.isTerminal,
    };
  }

  /** One vector step: the agent acts on the current observations; returns the episodes that ended. */
  step(agent: Policy<S>, mode: PolicyMode): EpisodeEnd[] {
    const n = this.numEnvs;
    const { action, state } = agent.policy(this.obs, this.isFirst, this.state, mode);
    this.state = state;
    // A faulty env (throws, NaN/Inf or misshaped obs, NaN reward) stops the run with an EnvError naming the field.
    const site = { envId: this.envId, step: this.envSteps + n * this.actionRepeat, call: 'step' as const };
    const result = callGuarded(() => this.venv.step(this.adapter.toEnv(action, n)), site);
    this.obs = Float32Array.from(result.obs as ArrayLike<number>);
    checkVectorStep({ obs: this.obs, rewards: result.rewards }, n, this.adapter.obsSize, site);
    this.envSteps += n * this.actionRepeat;
    const ends: EpisodeEnd[] = [];
    const a = this.actionSize;
    for (let i = 0; i < n; i++) {
      if (this.isLast[i]) {
        // NextStep autoreset: this step returned a reset observation; nothing led to it.
        this.startEpisode(i);
        continue;
      }
      this.prevAction.set(action.subarray(i * a, (i + 1) * a), i * a);
      this.reward[i] = result.rewards[i]!;
      this.isFirst[i] = false;
      this.isTerminal[i] = result.terminations[i] === 1;
      this.isLast[i] = this.isTerminal[i] || result.truncations[i] === 1;
      this.epReturn[i] += result.rewards[i]!;
      this.epLength[i] += 1;
      if (this.isLast[i]) ends.push({ subEnv: i, return: this.epReturn[i]!, length: this.epLength[i]!, terminated: this.isTerminal[i]! });
    }
    return ends;
  }

  private startEpisode(i: number): void {
    this.prevAction.fill(0, i * this.actionSize, (i + 1) * this.actionSize);
    this.reward[i] = 0;
    this.isFirst[i] = true;
    this.isLast[i] = false;
    this.isTerminal[i] = false;
    this.epReturn[i] = 0;
    this.epLength[i] = 0;
  }

  /** Whether every sub-env's current observation starts an episode (a moment a checkpoint restores exactly). */
  get allFirst(): boolean {
    return this.isFirst.every(Boolean);
  }

  /** The current rows and episode accumulators, JSON-ready (the agent's carried state is `carry`, saved apart). */
  getState(): DriverState {
    return {
      obs: Array.from(this.obs),
      prevAction: Array.from(this.prevAction),
      reward: Array.from(this.reward),
      isFirst: [...this.isFirst],
      isLast: [...this.isLast],
      isTerminal: [...this.isTerminal],
      epReturn: Array.from(this.epReturn),
      epLength: Array.from(this.epLength),
    };
  }

  /** Restores `getState()` output (same sub-env count and sizes); forgets the agent's carried state. */
  setState(state: DriverState, agent: Policy<S>): void {
    this.obs = Float32Array.from(state.obs);
    this.prevAction.set(state.prevAction);
    this.reward.set(state.reward);
    state.isFirst.forEach((v, i) => (this.isFirst[i] = v));
    state.isLast.forEach((v, i) => (this.isLast[i] = v));
    state.isTerminal.forEach((v, i) => (this.isTerminal[i] = v));
    this.epReturn.set(state.epReturn);
    this.epLength.set(state.epLength);
    this.dropState(agent);
  }

  /** The carry the acting policy returned last (undefined before its first step or after `dropState`). */
  get carry(): S | undefined {
    return this.state;
  }

  /** Hands the driver a carry `agent` rebuilt (a resume from a mid-episode checkpoint); frees the one it held. */
  setCarry(agent: Policy<S>, state: S | undefined): void {
    this.dropState(agent);
    this.state = state;
  }

  /** Frees the agent's carried state (call before switching agents or closing). */
  dropState(agent: Policy<S>): void {
    if (this.state !== undefined) agent.disposeState(this.state);
    this.state = undefined;
  }

  close(agent: Policy<S>): void {
    this.dropState(agent);
    this.venv.close();
  }
}
