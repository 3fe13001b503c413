import { BaseSpace } from './spaces/base.js';
import { Box } from './spaces/box.js';
import { Dict, isSpace } from './spaces/dict.js';
import { Discrete } from './spaces/discrete.js';
import { arrayDType, isNumericArray, type BoxDType } from './spaces/dtype.js';
import { MultiBinary } from './spaces/multi-binary.js';
import { MultiDiscrete } from './spaces/multi-discrete.js';
import type { Space } from './spaces/space.js';
import { spaceFromJSON } from './spaces/json.js';
import { Tuple } from './spaces/tuple.js';

/**
 * The checks Gymnasium's passive_env_checker and env_checker share, as pure functions returning findings: a
 * message (problem, then fix) and its severity, set here where the problem is found: 'error' where Gymnasium's
 * check_env asserts (or the env is unusable), 'warning' where it warns. `checkEnv` reports them as they are;
 * PassiveEnvChecker prints them all as warnings (it raises only for a missing space, as Gymnasium's does).
 */

export interface Finding {
  level: 'error' | 'warning';
  /** The problem and how to fix it. */
  message: string;
}

const error = (message: string): Finding => ({ level: 'error', message });
const warning = (message: string): Finding => ({ level: 'warning', message });

/**
 * This module's copy of a space. A user's env loaded from a file may bring its own copy of the spaces module
 * (tsx loads it separately), so `instanceof Box` fails on its Box; rebuilding it from its JSON lets the type
 * checks run anyway. Membership is still asked of the env's own space.
 */
function localSpace(space: unknown): unknown {
  if (space instanceof BaseSpace || !isSpace(space) || typeof space.toJSON !== 'function') return space;
  try {
    return spaceFromJSON(space.toJSON());
  } catch {
    return space;
  }
}

const SPACES_FIX = 'build it from the classes in dreamer-ts `spaces` (Box, Discrete, MultiDiscrete, MultiBinary, Dict, Tuple)';

/** Problems with an env's declared space (`which` = 'observation' | 'action'); the first is fatal when the space is missing. */
export function spaceProblems(space: unknown, which: 'observation' | 'action'): Finding[] {
  const prop = which === 'observation' ? 'observationSpace' : 'actionSpace';
  if (space === undefined) return [error(`The environment must specify an ${which} space: set \`this.${prop}\` in the constructor.`)];
  if (!isSpace(space)) return [error(`The ${which} space does not implement Space (sample/contains/seed), actual type: ${typeName(space)}; ${SPACES_FIX}.`)];
  const local = localSpace(space);
  if (!(local instanceof Box)) return [];
  return which === 'observation' ? boxObservationProblems(local) : boxActionProblems(local);
}

function boxObservationProblems(space: Box<BoxDType>): Finding[] {
  const out: Finding[] = [];
  const isImage = space.shape.length === 3;
  if (isImage && space.dtype !== 'uint8') {
    out.push(warning(`It seems a Box observation space is an image but its dtype is ${space.dtype}; use dtype 'uint8' for images, or flatten the observation to a 1D vector.`));
  }
  if (isImage && (space.low.some((v) => v !== 0) || space.high.some((v) => v !== 255))) {
    out.push(warning('It seems a Box observation space is an image but its bounds are not [0, 255]; use low 0 and high 255 for images.'));
  }
  if (!isImage && space.shape.length !== 1) {
    out.push(warning(`A Box observation space has an unconventional shape (neither an image nor a 1D vector): ${JSON.stringify(space.shape)}; flatten it, or use [H, W, C] for images.`));
  }
  if (space.low.some((v, i) => v === space.high[i])) {
    out.push(warning('A Box observation space maximum and minimum values are equal; check its low/high bounds.'));
  }
  return out;
}

function boxActionProblems(space: Box<BoxDType>): Finding[] {
  if (space.low.some((v, i) => v === space.high[i])) {
    return [warning('A Box action space maximum and minimum values are equal; check its low/high bounds.')];
  }
  return [];
}

/**
 * Gymnasium's `check_space_limit` (check_env only, not the passive checker): infinite Box bounds, and Box action
 * spaces that are not symmetric and normalised. Recurses into Tuple and Dict.
 */
export function spaceLimitProblems(foreign: unknown, which: 'observation' | 'action'): Finding[] {
  const space = localSpace(foreign);
  if (space instanceof Tuple) return (space.spaces as Space<unknown>[]).flatMap((s) => spaceLimitProblems(s, which));
  if (space instanceof Dict) return Object.values(space.spaces).flatMap((s) => spaceLimitProblems(s, which));
  if (!(space instanceof Box)) return [];
  const out: Finding[] = [];
  if (space.low.some((v) => v === -Infinity)) out.push(warning(`A Box ${which} space minimum value is -infinity. This is probably too low.`));
  if (space.high.some((v) => v === Infinity)) out.push(warning(`A Box ${which} space maximum value is infinity. This is probably too high.`));
  const notNormalised = space.low.some((v, i) => (v !== 0 && Math.abs(v) !== Math.abs(space.high[i])) || v < -1 || space.high[i] > 1);
  if (which === 'action' && space.shape.length === 1 && notNormalised) {
    out.push(warning('For Box action spaces, we recommend using a symmetric and normalized space (range=[-1, 1] or [0, 1]); rescale inside the env or wrap it in RescaleAction.'));
  }
  return out;
}

/**
 * Gymnasium's `check_obs`: type against the space (warnings, as it warns), then membership (an error: check_env
 * asserts it), and the structure of Tuple/Dict obs (errors: asserted). `method` = 'reset' | 'step'.
 */
export function obsProblems(obs: unknown, ownSpace: Space<unknown>, method: string): Finding[] {
  const space = localSpace(ownSpace);
  const pre = `The obs returned by the \`${method}()\` method`;
  const out: Finding[] = [];
  if (space instanceof Discrete && !(typeof obs === 'number' && Number.isInteger(obs))) {
    out.push(warning(`${pre} should be an integer number, actual type: ${typeName(obs)}; return a plain integer.`));
  } else if (space instanceof Box && space.shape.length > 0) {
    if (!isNumericArray(obs)) {
      out.push(warning(`${pre} was expecting a typed array (${space.dtype}), actual type: ${typeName(obs)}; return e.g. a Float32Array.`));
    } else if (arrayDType(obs) !== space.dtype && !(space.dtype === 'int64' && obs instanceof Float64Array)) {
      out.push(warning(`${pre} was expecting dtype ${space.dtype}, actual dtype: ${arrayDType(obs)}; return the typed array of the space's dtype.`));
    }
  } else if ((space instanceof MultiBinary || space instanceof MultiDiscrete) && !isNumericArray(obs)) {
    out.push(warning(`${pre} was expecting a typed array, actual type: ${typeName(obs)}.`));
  } else if (space instanceof Tuple || space instanceof Dict) {
    const nested = compositeProblems(obs, space, method, pre);
    if (nested !== undefined) return nested;
  }
  let inside = false;
  try {
    inside = ownSpace.contains(obs);
  } catch (e) {
    return [...out, error(`${pre} is incompatible with the observation space (${(e as Error).message}).`)];
  }
  if (!inside) out.push(error(`${pre} is not within the observation space ${String(ownSpace)}; fix the obs or widen the space.`));
  return out;
}

/** Checks the structure of Tuple/Dict obs; returns the fatal problems, or undefined to continue with membership. */
function compositeProblems(obs: unknown, space: Tuple | Dict, method: string, pre: string): Finding[] | undefined {
  if (space instanceof Tuple) {
    if (!Array.isArray(obs)) return [error(`${pre} was expecting an array (Tuple space), actual type: ${typeName(obs)}.`)];
    if (obs.length !== space.length) return [error(`${pre} has length ${obs.length}, but the Tuple space has ${space.length} parts.`)];
    return undefined;
  }
  if (typeof obs !== 'object' || obs === null || Array.isArray(obs)) return [error(`${pre} must be an object (Dict space), actual type: ${typeName(obs)}.`)];
  const keys = Object.keys(obs).sort();
  const expected = space.keys().slice().sort();
  if (keys.join() !== expected.join()) return [error(`${pre} has keys [${keys.join(', ')}], but the Dict space has [${expected.join(', ')}].`)];
  return undefined;
}

/** NaN / Inf inside an obs (typed arrays, nested in Tuple/Dict values). */
export function nonFiniteProblems(obs: unknown, where: string): Finding[] {
  const values = numericLeaves(obs);
  const out: Finding[] = [];
  if (values.some(Number.isNaN)) out.push(error(`Encountered NaN value in observations (${where}); check the dynamics for a division by zero or an overflow.`));
  if (values.some((v) => v === Infinity || v === -Infinity)) out.push(error(`Encountered inf value in observations (${where}); clip or rescale the state.`));
  return out;
}

function numericLeaves(x: unknown): number[] {
  if (typeof x === 'number') return [x];
  if (isNumericArray(x)) return Array.from(x);
  if (Array.isArray(x)) return x.flatMap(numericLeaves);
  if (typeof x === 'object' && x !== null) return Object.values(x).flatMap(numericLeaves);
  return [];
}

/** Gymnasium's step result type checks (keys, flags, reward type, info); the reward's value is `rewardProblems`. */
export function stepResultProblems(result: unknown): Finding[] {
  if (typeof result !== 'object' || result === null) {
    return [error(`step() must return { obs, reward, terminated, truncated, info }, actual type: ${typeName(result)}.`)];
  }
  const r = result as Record<string, unknown>;
  const out: Finding[] = [];
  for (const key of ['obs', 'reward', 'terminated', 'truncated', 'info']) {
    if (!(key in r)) out.push(error(`step() result has no \`${key}\`; return { obs, reward, terminated, truncated, info }.`));
  }
  for (const flag of ['terminated', 'truncated']) {
    if (flag in r && typeof r[flag] !== 'boolean') out.push(error(`Expects \`${flag}\` signal to be a boolean, actual type: ${typeName(r[flag])}.`));
  }
  if ('reward' in r && typeof r.reward !== 'number') {
    out.push(error(`The reward returned by \`step()\` must be a number, actual type: ${typeName(r.reward)}.`));
  }
  if ('info' in r && !isPlainObject(r.info)) out.push(error(`The \`info\` returned by \`step()\` must be an object, actual type: ${typeName(r.info)}.`));
  return out;
}

/** A NaN or infinite reward (an error, but the rest of the step can still be checked). */
export function rewardProblems(reward: number): Finding[] {
  if (Number.isNaN(reward)) return [error('The reward is a NaN value; check the reward formula.')];
  if (!Number.isFinite(reward)) return [error('The reward is an inf value; bound the reward.')];
  return [];
}

/** Gymnasium's reset result checks (shape of the result, info) except the obs. */
export function resetResultProblems(result: unknown): Finding[] {
  if (typeof result !== 'object' || result === null || !('obs' in result) || !('info' in result)) {
    return [error(`reset() must return { obs, info }, actual value: ${typeName(result)}; call super.reset(opts) and return both.`)];
  }
  const info = (result as { info: unknown }).info;
  return isPlainObject(info) ? [] : [error(`The \`info\` returned by \`reset()\` must be an object, actual type: ${typeName(info)}.`)];
}

/** Render metadata checks (Gymnasium's `env_render_passive_checker`). */
export function renderMetadataProblems(renderModes: unknown, renderFps: unknown, renderMode: unknown): Finding[] {
  const out: Finding[] = [];
  if (!Array.isArray(renderModes)) {
    out.push(warning('No render modes were declared (metadata.renderModes is missing); set metadata = { renderModes: [...], renderFps }.'));
    return out;
  }
  if (renderModes.length > 0 && typeof renderFps !== 'number') {
    out.push(warning('No render fps was declared in the environment (metadata.renderFps); set it so recorded videos play at the right speed.'));
  }
  if (renderMode !== undefined && !renderModes.includes(renderMode)) {
    out.push(warning(`The environment was initialised with renderMode "${String(renderMode)}" that is not in its renderModes [${renderModes.join(', ')}].`));
  }
  return out;
}

function isPlainObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'Array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}
