import type { Env, Frame, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import { EnvError } from '../../util/errors.js';
import {
  nonFiniteProblems,
  obsProblems,
  renderMetadataProblems,
  resetResultProblems,
  rewardProblems,
  spaceProblems,
  stepResultProblems,
} from '../checks.js';
import { warnOnce } from '../warn-once.js';

/**
 * Gymnasium's `PassiveEnvChecker`: checks the spaces when built (a missing space is an error), then only warns,
 * on the first `reset()`, the first `step()` and the first `render()`. It never validates actions, and after the
 * first call of each it forwards directly, so it costs one boolean test per step.
 */
export class PassiveEnvChecker<O = unknown, A = unknown> extends Wrapper<O, A> {
  private checkedReset = false;
  private checkedStep = false;
  private checkedRender = false;

  constructor(env: Env<O, A>) {
    super(env);
    for (const which of ['observation', 'action'] as const) {
      const space = which === 'observation' ? env.observationSpace : env.actionSpace;
      const findings = spaceProblems(space, which);
      const fatal = findings.find((f) => f.level === 'error');
      if (fatal) throw new EnvError(fatal.message);
      findings.forEach((f) => warnOnce(f.message));
    }
  }

  override step(action: A): StepResult<O> {
    if (this.checkedStep) return this.env.step(action);
    this.checkedStep = true;
    const result = this.env.step(action);
    const findings = stepResultProblems(result);
    if (findings.length === 0) {
      findings.push(
        ...rewardProblems(result.reward),
        ...obsProblems(result.obs, this.observationSpace, 'step'),
        ...nonFiniteProblems(result.obs, 'step'),
      );
    }
    findings.forEach((f) => warnOnce(f.message));
    return result;
  }

  override reset(opts: ResetOptions = {}): ResetResult<O> {
    if (this.checkedReset) return this.env.reset(opts);
    this.checkedReset = true;
    const result = this.env.reset(opts);
    const findings = resetResultProblems(result);
    if (findings.length === 0) findings.push(...obsProblems(result.obs, this.observationSpace, 'reset'));
    findings.forEach((f) => warnOnce(f.message));
    return result;
  }

  override render(): Frame | Frame[] | string | undefined {
    if (!this.checkedRender) {
      this.checkedRender = true;
      const m = this.env.metadata;
      renderMetadataProblems(m.renderModes, m.renderFps, this.env.renderMode).forEach((f) => warnOnce(f.message));
    }
    return this.env.render();
  }
}
