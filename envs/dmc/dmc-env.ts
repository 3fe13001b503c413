/**
 * A DeepMind Control Suite task behind our Gymnasium contract, as shimmy wraps dm_control: a `Dict` observation
 * of named float64 arrays in dm_control's order, a float64 `Box` action from the actuators' control ranges,
 * `terminated` always false (DMC has no terminal states; the registry's TimeLimit truncates at 1000 control
 * steps), `info.time` the physics time.
 *
 * One control step is dm_control's: the action is written to `ctrl` as given (MuJoCo clamps it to the control
 * range inside the dynamics, and the task's reward sees it as given, as in dm_control), then `nSubsteps` physics
 * steps by legacy stepping. A NaN action or a diverged state raises an EnvError naming the task, step and state.
 */
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import { Box } from '../../src/env/spaces/box.js';
import { Dict } from '../../src/env/spaces/dict.js';
import { EnvError, InvalidActionError } from '../../src/util/errors.js';
import { Physics } from './physics.js';
import type { DmcObservation, DmcTask } from './task.js';

export type DmcAction = Float32Array | Float64Array | readonly number[] | number;

export class DmcEnv extends Env<DmcObservation, DmcAction> {
  readonly observationSpace: Dict<Record<string, Box<'float64'>>>;
  readonly actionSpace: Box<'float64'>;
  /** dm_control's Physics of this env: named access, getState/setState, timestep. */
  readonly physics: Physics;
  private steps = 0;
  private closed = false;

  constructor(readonly task: DmcTask) {
    super();
    this.physics = Physics.fromXml(task.xml, task.assets);
    this.metadata = { renderModes: [], renderFps: Math.round(1 / this.controlTimestep) };
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
    this.checkState('reset');
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
    this.physics.step(this.task.nSubsteps);
    this.steps++;
    this.checkState(`step ${this.steps}`);
    const reward = this.task.reward(this.physics);
    return { obs: this.task.observation(this.physics), reward, terminated: false, truncated: false, info: { time: this.physics.time } };
  }

  private get id(): string {
    return `dm_control/${this.task.domain}-${this.task.task}-v0`;
  }

  private checkState(where: string): void {
    if (!this.physics.diverged()) return;
    const fmt = (a: Float64Array): string => `[${Array.from(a, (v) => v.toPrecision(6)).join(', ')}]`;
    throw new EnvError(
      `${this.id}: the physics diverged at ${where} (qpos ${fmt(this.physics.qpos)}, qvel ${fmt(this.physics.qvel)}); reset the env. Large or extreme actions, or a bad initial state, cause this.`,
    );
  }

  override close(): void {
    if (this.closed) return;
    this.closed = true;
    this.physics.delete();
  }
}
