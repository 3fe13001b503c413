import type { Env, ResetOptions, ResetResult, StepResult } from '../env/env.js';
import type { Space } from '../env/spaces/space.js';
import { Wrapper } from '../env/wrapper.js';
import type { WrapperState } from '../env/wrapper-state.js';
import { Dict } from '../env/spaces/dict.js';
import { EnvError } from '../util/errors.js';

/** Where a checked value came from: named in every message so the user can find the failing step. */
export interface GuardSite {
  envId: string;
  /** Index of the sub-env in the vector env (0 for a single env; undefined when a whole vector step failed). */
  subEnv?: number;
  /** Env steps taken so far (the run's counter when the driver supplies one, else this sub-env's own count). */
  step: number;
  /** 'step' or 'reset'. */
  call: 'step' | 'reset';
}

export interface EnvGuardOptions {
  subEnv?: number;
  /** The run's env-step counter; defaults to the number of steps this guard has seen. */
  clock?: () => number;
}

type NumericArrayLike = ArrayLike<number> & { readonly length: number };

/**
 * Checks what an env returns at every step and reset: the observation has the observation space's shape and only
 * finite numbers, the reward is a finite number, the flags are booleans, and `step` did not throw. A broken env
 * becomes an EnvError naming the env id, the env step, the sub-env and the field, with the fix.
 */
export class EnvGuard<O, A> extends Wrapper<O, A> {
  private readonly subEnv: number;
  private readonly clock: () => number;
  private stepsSeen = 0;

  constructor(env: Env<O, A>, opts: EnvGuardOptions = {}) {
    super(env);
    this.subEnv = opts.subEnv ?? 0;
    this.clock = opts.clock ?? (() => this.stepsSeen);
  }

  override reset(opts: ResetOptions = {}): ResetResult<O> {
    const site = this.site('reset');
    const result = callGuarded(() => this.env.reset(opts), site);
    checkObservation(result.obs, this.observationSpace as Space<unknown>, site);
    return result;
  }

  override step(action: A): StepResult<O> {
    this.stepsSeen += 1;
    const site = this.site('step');
    const result = callGuarded(() => this.env.step(action), site);
    checkStepResult(result, this.observationSpace as Space<unknown>, site);
    return result;
  }

  /** For checkpoints (src/env/wrapper-state.ts): the steps this guard has seen, named in its messages. */
  getWrapperState(): WrapperState {
    return { stepsSeen: this.stepsSeen };
  }

  setWrapperState(state: WrapperState): void {
    this.stepsSeen = Number(state.stepsSeen);
  }

  private site(call: GuardSite['call']): GuardSite {
    return { envId: this.spec?.id ?? this.unwrapped.constructor.name, subEnv: this.subEnv, step: this.clock(), call };
  }
}

/** EnvErrors this module made: a guard around a guarded sub-env passes them on as they are (one location, one fix). */
const guardMade = new WeakSet<Error>();

/** Runs `fn`; an exception becomes an EnvError that names where it happened (the original is kept as `cause`). */
export function callGuarded<T>(fn: () => T, site: GuardSite): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error && guardMade.has(err)) throw err;
    const what = err instanceof Error ? `${err.name}: ${err.message.replace(/\.+$/, '')}` : String(err);
    const wrapped = new EnvError(
      `${where(site)}: ${site.call}() threw ${what}. Fix the env's ${site.call}() (run \`dreamer check-env <id>\` ` +
        'to reproduce it outside training, or with --debug to see the stack trace).',
    );
    wrapped.cause = err;
    guardMade.add(wrapped);
    throw wrapped;
  }
}

/** Checks one step's obs, reward and flags. */
export function checkStepResult(result: StepResult<unknown>, space: Space<unknown>, site: GuardSite): void {
  if (result === null || typeof result !== 'object') {
    fail(site, 'the step result', `is ${String(result)}`, 'return { obs, reward, terminated, truncated, info } from step()');
  }
  checkObservation(result.obs, space, site);
  if (typeof result.reward !== 'number' || !Number.isFinite(result.reward)) {
    fail(site, 'reward', `is ${describe(result.reward)}`, 'return a finite number as the reward (check divisions and logs in the reward function)');
  }
  for (const flag of ['terminated', 'truncated'] as const) {
    if (typeof result[flag] !== 'boolean') {
      fail(site, flag, `is ${describe(result[flag])}`, `return true or false as \`${flag}\``);
    }
  }
}

/**
 * Checks an observation against its space: Box-like spaces by shape and finiteness, Dicts entry by entry (so a
 * misshaped frame names its entry: `obs["image"]`), others by `contains`.
 */
export function checkObservation(obs: unknown, space: Space<unknown>, site: GuardSite, field = 'obs'): void {
  if (space instanceof Dict && obs !== null && typeof obs === 'object' && !ArrayBuffer.isView(obs)) {
    for (const [key, entry] of Object.entries(space.spaces as Record<string, Space<unknown>>)) {
      const value = (obs as Record<string, unknown>)[key];
      if (value === undefined) fail(site, field, `has no "${key}" entry, which the observation space ${space.toString()} declares`, 'return every entry of the Dict observation space');
      checkObservation(value, entry, site, `${field}["${key}"]`);
    }
    return;
  }
  const shape = space.shape;
  if (shape === undefined || !ArrayBuffer.isView(obs)) {
    if (!space.contains(obs)) {
      fail(site, field, `${describe(obs)} is not in the observation space ${space.toString()}`, 'return observations inside observationSpace');
    }
    return;
  }
  const values = obs as unknown as NumericArrayLike;
  const expected = shape.reduce((a, b) => a * b, 1);
  if (values.length !== expected) {
    fail(
      site,
      field,
      `has ${values.length} values but the observation space ${space.toString()} has shape [${shape.join(', ')}] (${expected} values)`,
      'return observations of the declared shape, or declare the shape the env really returns',
    );
  }
  if (!(obs instanceof Float32Array || obs instanceof Float64Array)) return; // integer arrays are always finite
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      fail(site, `${field}[${i}]`, `is ${values[i]}`, 'keep every observation value finite (clip the state, or end the episode before it diverges)');
    }
  }
}

function where(site: GuardSite): string {
  const sub = site.subEnv === undefined ? '' : ` (sub-env ${site.subEnv})`;
  return `env "${site.envId}"${sub} at env step ${site.step}`;
}

function fail(site: GuardSite, field: string, problem: string, fix: string): never {
  throw new EnvError(`${where(site)}: ${site.call}() ${field} ${problem}. Fix: ${fix}.`);
}

function describe(x: unknown): string {
  if (typeof x === 'number') return String(x);
  if (typeof x === 'string') return JSON.stringify(x);
  if (ArrayBuffer.isView(x)) return `${x.constructor.name}(${(x as unknown as NumericArrayLike).length})`;
  return x === undefined ? 'undefined' : `${typeof x} ${JSON.stringify(x)?.slice(0, 40)}`;
}

/** One vector step as the driver holds it: observations [N * O] row-major and rewards [N]. */
export interface VectorStepData {
  obs: ArrayLike<number>;
  rewards: ArrayLike<number>;
}

/**
 * The batched form of the checks, for the driver's hot loop: every observation value and reward finite, the
 * observation batch of N * O values. Errors name the sub-env and the element (`obs[2]` of sub-env 3).
 */
export function checkVectorStep(data: VectorStepData, numEnvs: number, obsSize: number, site: Omit<GuardSite, 'subEnv'>): void {
  if (data.obs.length !== numEnvs * obsSize) {
    fail({ ...site }, 'obs', `batch has ${data.obs.length} values, expected ${numEnvs} sub-envs x ${obsSize}`, 'return observations of the declared shape from every sub-env');
  }
  for (let i = 0; i < data.obs.length; i++) {
    if (!Number.isFinite(data.obs[i]!)) {
      const subEnv = Math.floor(i / obsSize);
      fail({ ...site, subEnv }, `obs[${i % obsSize}]`, `is ${data.obs[i]}`, 'keep every observation value finite (clip the state, or end the episode before it diverges)');
    }
  }
  for (let e = 0; e < numEnvs; e++) {
    const r = data.rewards[e];
    if (typeof r !== 'number' || !Number.isFinite(r)) {
      fail({ ...site, subEnv: e }, 'reward', `is ${describe(r)}`, 'return a finite number as the reward (check divisions and logs in the reward function)');
    }
  }
}
