import type { Env, EnvMetadata, Frame, RenderMode, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from '../wrapper.js';
import { EnvError } from '../../util/errors.js';

export interface RenderCollectionOptions {
  /** `render()` empties the collected list (default true). */
  popFrames?: boolean;
  /** `reset()` empties the list before collecting the reset frame (default true). */
  resetClean?: boolean;
}

/**
 * Gymnasium's `RenderCollection` (what `make(id, { renderMode: 'rgb_array_list' })` adds): the inner env renders
 * in 'rgb_array'; one frame is collected on every reset and step, and `render()` returns the list.
 */
export class RenderCollection<O = unknown, A = unknown> extends Wrapper<O, A> {
  private frames: Frame[] = [];
  private readonly popFrames: boolean;
  private readonly resetClean: boolean;

  constructor(env: Env<O, A>, opts: RenderCollectionOptions = {}) {
    super(env);
    if (env.renderMode === undefined) {
      throw new EnvError('RenderCollection needs an env with a render mode; make it with { renderMode: "rgb_array_list" }.');
    }
    this.popFrames = opts.popFrames ?? true;
    this.resetClean = opts.resetClean ?? true;
  }

  override get renderMode(): RenderMode | undefined {
    return `${this.env.renderMode}_list` as RenderMode;
  }
  override set renderMode(_m: RenderMode | undefined) {
    throw new EnvError('The render mode of a RenderCollection is fixed; make a new env to change it.');
  }

  override get metadata(): EnvMetadata {
    const inner = this.env.metadata;
    const listMode = `${this.env.renderMode}_list` as RenderMode;
    return inner.renderModes.includes(listMode) ? inner : { ...inner, renderModes: [...inner.renderModes, listMode] };
  }
  override set metadata(_m: EnvMetadata) {
    throw new EnvError('Set metadata on the inner env, not on its RenderCollection.');
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    this.collect();
    return result;
  }

  override reset(opts: ResetOptions = {}): ResetResult<O> {
    const result = this.env.reset(opts);
    if (this.resetClean) this.frames = [];
    this.collect();
    return result;
  }

  /** The frames collected since the last render (or reset); empties the list unless popFrames is false. */
  override render(): Frame[] {
    const frames = this.frames;
    if (this.popFrames) this.frames = [];
    return frames;
  }

  private collect(): void {
    const frame = this.env.render();
    if (frame !== undefined && !Array.isArray(frame) && typeof frame !== 'string') this.frames.push(frame);
  }
}
