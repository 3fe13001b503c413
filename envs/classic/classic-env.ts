import { Env, type Frame, type RenderMode, type StepResult } from '../../src/env/env.js';
import { Canvas } from '../../src/render/canvas.js';
import { EnvError, ResetNeededError } from '../../src/util/errors.js';
import { warnOnce } from '../../src/env/warn-once.js';

/** The render modes every classic-control env supports natively. */
export const CLASSIC_RENDER_MODES: RenderMode[] = ['human', 'rgb_array'];

export interface ClassicEnvOptions {
  renderMode?: RenderMode;
}

/**
 * Shared frame of the five classic-control envs: metadata, render-mode checks, `render()` (rgb_array frames from
 * a subclass's `draw`, a warning for `human` on a headless machine and for a missing mode), and Gymnasium's
 * once-per-message warnings.
 */
export abstract class ClassicControlEnv<A> extends Env<Float32Array, A> {
  /** Frame size in pixels. */
  protected abstract readonly screenWidth: number;
  protected abstract readonly screenHeight: number;

  constructor(opts: ClassicEnvOptions, renderFps: number) {
    super();
    this.metadata = { renderModes: CLASSIC_RENDER_MODES, renderFps };
    const mode = opts.renderMode;
    if (mode !== undefined && !CLASSIC_RENDER_MODES.includes(mode)) {
      throw new EnvError(
        `${this.constructor.name}: render mode "${String(mode)}" is not supported; use one of ${CLASSIC_RENDER_MODES.join(', ')} ` +
          `(or make(id, { renderMode: 'rgb_array_list' }), which collects rgb_array frames).`,
      );
    }
    this.renderMode = mode;
  }

  /** Whether `reset()` has produced a state yet (Gymnasium's `state is None` check). */
  protected abstract hasState(): boolean;

  /** Draws the current state with y pointing up; the base flips the canvas afterwards, as Gymnasium does. */
  protected abstract draw(canvas: Canvas): void;

  override render(): Frame | undefined {
    if (this.renderMode === undefined) {
      const id = this.spec?.id ?? this.constructor.name;
      this.warnOnce(
        `You are calling render method without specifying any render mode. You can specify the render_mode at initialization, e.g. make("${id}", { renderMode: "rgb_array" })`,
      );
      return undefined;
    }
    if (this.renderMode === 'human') {
      this.warnOnce(
        `${this.constructor.name}: "human" rendering needs a display window, which Node does not have; frames are not shown. ` +
          `Use renderMode "rgb_array" (or "rgb_array_list") and write the frames to a video instead.`,
      );
      return undefined;
    }
    if (!this.hasState()) return undefined;
    const canvas = new Canvas(this.screenWidth, this.screenHeight);
    this.draw(canvas);
    canvas.flipVertical();
    return { data: canvas.data, shape: [this.screenHeight, this.screenWidth, 3] };
  }

  /** Called at the end of reset/step: "human" mode draws on every step in Gymnasium. */
  protected renderIfHuman(): void {
    if (this.renderMode === 'human') this.render();
  }

  protected requireState(): void {
    if (!this.hasState()) {
      throw new ResetNeededError(`${this.constructor.name}: call reset() before step(); the env has no state yet.`);
    }
  }

  /** Gymnasium's logger.warn: each distinct message is printed once per process. */
  protected warnOnce(message: string): void {
    warnOnce(message);
  }

  /** Gymnasium's step tuple with an empty info dict. */
  protected result(obs: Float32Array, reward: number, terminated: boolean): StepResult<Float32Array> {
    return { obs, reward, terminated, truncated: false, info: {} };
  }
}
