/**
 * One sub-env under a vector env's autoreset mode (Gymnasium 1.x semantics), shared by SyncVectorEnv and the
 * AsyncVectorEnv worker so that both behave identically:
 * - NextStep: the step after a sub-env ended ignores its action, resets it and returns the reset obs with
 *   reward 0, terminated = truncated = false.
 * - SameStep: an ending step resets at once; the returned obs is the new episode's first obs and the info
 *   carries `final_obs` / `final_info` of the ended episode.
 * - Disabled: never resets by itself; the caller resets with `options.resetMask`.
 */
import type { AutoresetMode, Env, Info, ResetOptions } from '../env.js';

export interface SubEnvStep {
  obs: unknown;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
}

export const AUTORESET_MODES: readonly AutoresetMode[] = ['NextStep', 'SameStep', 'Disabled'];

export class AutoresettingSubEnv {
  /** NextStep only: the last step ended the episode, so the next step resets (checkpoints save it). */
  needsReset = false;

  constructor(
    readonly env: Env,
    readonly mode: AutoresetMode,
  ) {}

  reset(opts: ResetOptions): { obs: unknown; info: Info } {
    this.needsReset = false;
    return this.env.reset(opts);
  }

  step(action: unknown): SubEnvStep {
    if (this.mode === 'NextStep' && this.needsReset) {
      const { obs, info } = this.env.reset();
      this.needsReset = false;
      return { obs, reward: 0, terminated: false, truncated: false, info };
    }
    const result = this.env.step(action);
    const ended = result.terminated || result.truncated;
    if (this.mode === 'NextStep') this.needsReset = ended;
    if (this.mode === 'SameStep' && ended) return this.resetSameStep(result);
    return result;
  }

  private resetSameStep(ended: SubEnvStep): SubEnvStep {
    // The env may reuse its obs buffer on reset: keep a copy of the final obs.
    const finalObs = ArrayBuffer.isView(ended.obs) ? (ended.obs as Float64Array).slice() : ended.obs;
    const { obs, info } = this.env.reset();
    return {
      obs,
      reward: ended.reward,
      terminated: ended.terminated,
      truncated: ended.truncated,
      info: { final_obs: finalObs, final_info: ended.info, ...info },
    };
  }
}
