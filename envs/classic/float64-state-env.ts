import { ClassicControlEnv, type ClassicEnvOptions } from './classic-env.js';

/**
 * A classic-control env whose physical state is a fixed-size float64 vector (CartPole, MountainCar, Pendulum,
 * Acrobot). Gymnasium's `env.unwrapped.state`: undefined before the first reset; afterwards one array that the
 * env updates in place (no allocation per step). Assigning `state` copies the values in (undefined forgets it).
 */
export abstract class Float64StateEnv<A> extends ClassicControlEnv<A> {
  protected readonly _state: Float64Array;
  protected _hasState = false;

  constructor(opts: ClassicEnvOptions, renderFps: number, stateSize: number) {
    super(opts, renderFps);
    this._state = new Float64Array(stateSize);
  }

  get state(): Float64Array | undefined {
    return this._hasState ? this._state : undefined;
  }
  set state(values: ArrayLike<number> | undefined) {
    this._hasState = values !== undefined;
    if (values !== undefined) this._state.set(Array.from(values).slice(0, this._state.length));
  }

  protected hasState(): boolean {
    return this._hasState;
  }
}
