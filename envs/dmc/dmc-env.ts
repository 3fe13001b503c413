/**
 * A DeepMind Control Suite task behind our Gymnasium contract, as shimmy wraps dm_control: a `Dict` observation
 * of named float64 arrays in dm_control's order, a float64 `Box` action from the actuators' control ranges,
 * `terminated` always false (DMC has no terminal states; the registry's TimeLimit truncates at 1000 control
 * steps), `info.time` the physics time.
 *
 * One control step is dm_control's: the action is written to `ctrl` as given (MuJoCo clamps it to the control
 * range inside the dynamics, and the task's reward sees it as given, as in dm_control), then `nSubsteps` physics
 * steps by legacy stepping. A NaN action or a diverged state raises an EnvError naming the task, step and state.
 *
 * `renderMode: 'rgb_array'` renders frames of `width` x `height` (64 x 64 by default, DreamerV3's) from the task's
 * camera (or `camera`) by ray casting on the CPU (./render.ts).
 */
import { Env, type Frame, type RenderMode, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import { Box } from '../../src/env/spaces/box.js';
import type { EnvKwargs } from '../../src/env/spec.js';
import { Dict } from '../../src/env/spaces/dict.js';
import { EnvError, InvalidActionError } from '../../src/util/errors.js';
import { Physics } from './physics.js';
import { DEFAULT_RENDER_SIZE, RayCastRenderer } from './render.js';
import type { DmcObservation, DmcTask } from './task.js';

export type DmcAction = Float32Array | Float64Array | readonly number[] | number;

/** What `make(id, kwargs)` passes on to a DMC env. */
export interface DmcEnvOptions {
  renderMode?: RenderMode;
  /** Frame size in pixels (default 64 x 64). */
  width?: number;
  height?: number;
  /** A camera of the model by name or id (default: the task's). */
  camera?: string | number;
}

export const DMC_RENDER_MODES: RenderMode[] = ['rgb_array'];

/** The DMC options out of `make`'s kwargs, type-checked (a config file's values arrive untyped). */
export function dmcEnvOptions(kwargs: EnvKwargs): DmcEnvOptions {
  const { renderMode, width, height, camera } = kwargs;
  const bad = (name: string, want: string, got: unknown): never => {
    throw new EnvError(`DMC env kwarg ${name} must be ${want}, got ${JSON.stringify(got)}.`);
  };
  if (width !== undefined && typeof width !== 'number') bad('width', 'a number of pixels', width);
  if (height !== undefined && typeof height !== 'number') bad('height', 'a number of pixels', height);
  if (camera !== undefined && typeof camera !== 'number' && typeof camera !== 'string') bad('camera', 'a camera name or id', camera);
  return { renderMode: renderMode as RenderMode | undefined, width: width as number | undefined, height: height as number | undefined, camera: camera as string | number | undefined };
}

/**
 * The model arrays a task may change each episode (reacher's target geom, finger's target site, tip colour and
 * spinner damping): `state` carries them, so a restored episode has the target it had.
 */
const EPISODE_MODEL_FIELDS = ['geom_pos', 'geom_size', 'site_pos', 'site_size', 'site_rgba', 'dof_damping'] as const;

export class DmcEnv extends Env<DmcObservation, DmcAction> {
  readonly observationSpace: Dict<Record<string, Box<'float64'>>>;
  readonly actionSpace: Box<'float64'>;
  /** dm_control's Physics of this env: named access, getState/setState, timestep. */
  readonly physics: Physics;
  private steps = 0;
  private started = false;
  private closed = false;
  private readonly renderer: RayCastRenderer | undefined;

  constructor(
    readonly task: DmcTask,
    opts: DmcEnvOptions = {},
  ) {
    super();
    const mode = opts.renderMode;
    if (mode !== undefined && !DMC_RENDER_MODES.includes(mode)) {
      throw new EnvError(`dm_control/${task.domain}-${task.task}-v0 renders in "rgb_array" mode only (or "rgb_array_list" through make), not "${String(mode)}".`);
    }
    if (mode === undefined && (opts.width !== undefined || opts.height !== undefined || opts.camera !== undefined)) {
      throw new EnvError(`dm_control/${task.domain}-${task.task}-v0: width, height and camera are render options; pass renderMode: 'rgb_array' with them.`);
    }
    this.physics = Physics.fromXml(task.xml, task.assets);
    // renderResizable: frames of any width and height (kwargs); `dreamer eval --video` asks for larger ones.
    this.metadata = { renderModes: DMC_RENDER_MODES, renderFps: Math.round(1 / this.controlTimestep), renderResizable: true };
    this.renderMode = mode;
    try {
      this.renderer =
        mode === undefined
          ? undefined
          : new RayCastRenderer(this.physics, { width: opts.width ?? DEFAULT_RENDER_SIZE, height: opts.height ?? DEFAULT_RENDER_SIZE, camera: opts.camera ?? task.camera ?? 0 });
    } catch (e) {
      this.physics.delete();
      throw e;
    }
    const range = this.physics.model.actuator_ctrlrange as Float64Array;
    const nu = this.physics.model.nu;
    const low = Array.from({ length: nu }, (_, i) => range[2 * i] as number);
    const high = Array.from({ length: nu }, (_, i) => range[2 * i + 1] as number);
    this.actionSpace = new Box({ low, high, shape: [nu], dtype: 'float64' });
    this.observationSpace = new Dict<Record<string, Box<'float64'>>>(
      task.observationLayout.map(([name, size]) => [name, new Box({ low: -Infinity, high: Infinity, shape: [size], dtype: 'float64' })] as const),
    );
  }

  get controlTimestep(): number {
    return this.physics.timestep * this.task.nSubsteps;
  }

  override reset(opts: ResetOptions = {}): ResetResult<DmcObservation> {
    super.reset(opts);
    const physics = this.physics;
    physics.resetData();
    this.task.initializeEpisode(physics, this.npRandom);
    physics.forward();
    this.steps = 0;
    this.started = true;
    this.checkState();
    return { obs: this.task.observation(physics), info: { time: physics.time } };
  }

  step(action: DmcAction): StepResult<DmcObservation> {
    const values = typeof action === 'number' ? [action] : action;
    const ctrl = this.physics.ctrl;
    if (values.length !== ctrl.length) {
      throw new InvalidActionError(`${this.id}: the action has ${values.length} numbers, the task takes ${ctrl.length} (${this.actionSpace.toString()}).`);
    }
    for (let i = 0; i < ctrl.length; i++) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) throw new InvalidActionError(`${this.id}: action[${i}] is ${v} at step ${this.steps}; the policy produced a non-finite action.`);
      ctrl[i] = v;
    }
    const time = this.physics.step(this.task.nSubsteps);
    this.steps++;
    this.checkState();
    const reward = this.task.reward(this.physics);
    return { obs: this.task.observation(this.physics), reward, terminated: false, truncated: false, info: { time } };
  }

  /**
   * The whole state of the episode in flight, as checkpoints save it (src/run/run-state.ts): the control-step
   * count, the model arrays tasks change per episode (EPISODE_MODEL_FIELDS), then MuJoCo's full integration state
   * (`physics.getState()`). Undefined before the first reset. Assigning it (a copy, e.g. from JSON) puts the env
   * where it was: the next steps are the ones the saved env would have taken, bit for bit.
   */
  get state(): Float64Array | undefined {
    if (!this.started) return undefined;
    const model = this.physics.model as unknown as Record<string, ArrayLike<number>>;
    const parts: ArrayLike<number>[] = [[this.steps], ...EPISODE_MODEL_FIELDS.map((f) => model[f]!), this.physics.getState()];
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) (out.set(p, at), (at += p.length));
    return out;
  }
  set state(values: ArrayLike<number> | undefined) {
    if (values === undefined) {
      this.started = false;
      return;
    }
    const model = this.physics.model as unknown as Record<string, Float64Array | Float32Array>;
    const fields = EPISODE_MODEL_FIELDS.map((f) => model[f]!);
    const physicsSize = this.physics.getState().length;
    const want = 1 + fields.reduce((n, f) => n + f.length, 0) + physicsSize;
    if (values.length !== want) {
      throw new EnvError(`${this.id}: a state of ${values.length} numbers cannot be restored; this env's has ${want} (it was saved from another task or model).`);
    }
    const all = Float64Array.from(values);
    this.steps = all[0]!;
    let at = 1;
    for (const f of fields) (f.set(all.subarray(at, at + f.length)), (at += f.length));
    this.physics.setState(all.subarray(at));
    this.started = true;
  }

  /** The current state seen from the render camera ([height, width, 3] RGB bytes); undefined without renderMode. */
  override render(): Frame | undefined {
    return this.renderer?.render();
  }

  private get id(): string {
    return `dm_control/${this.task.domain}-${this.task.task}-v0`;
  }

  /** Throws when the physics diverged (at the reset, or at the step just taken). */
  private checkState(): void {
    if (!this.physics.diverged()) return;
    const where = this.steps === 0 ? 'reset' : `step ${this.steps}`;
    const fmt = (a: Float64Array): string => `[${Array.from(a, (v) => v.toPrecision(6)).join(', ')}]`;
    throw new EnvError(
      `${this.id}: the physics diverged at ${where} (qpos ${fmt(this.physics.qpos)}, qvel ${fmt(this.physics.qvel)}); reset the env. Large or extreme actions, or a bad initial state, cause this.`,
    );
  }

  override close(): void {
    if (this.closed) return;
    this.closed = true;
    this.renderer?.delete();
    this.physics.delete();
  }
}
