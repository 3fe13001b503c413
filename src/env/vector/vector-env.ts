/**
 * Gymnasium 1.x's `VectorEnv`: `numEnvs` copies of an env stepped together. Observations come batched
 * ([numEnvs, ...shape] in one typed array for array spaces), rewards as a Float64Array, terminations and
 * truncations as Uint8Array (0/1), infos as a record of per-env arrays with `_key` masks (./infos.ts).
 */
import type { AutoresetMode, EnvMetadata, RenderMode } from '../env.js';
import type { Space } from '../spaces/space.js';
import { AUTORESET_MODES } from './autoreset.js';
import { VectorEnvError } from '../../util/errors.js';
import type { VectorInfo } from './infos.js';

export interface VectorResetOptions {
  /** One int: sub-env i gets seed + i. An array: one seed (or undefined) per sub-env. */
  seed?: number | readonly (number | undefined)[];
  /** Passed to every sub-env's reset, except `resetMask` (which sub-envs to reset; for autoresetMode Disabled). */
  options?: Record<string, unknown> & { resetMask?: ArrayLike<boolean | number> };
}

export interface VectorResetResult<BO> {
  obs: BO;
  infos: VectorInfo;
}

export interface VectorStepResult<BO> {
  obs: BO;
  rewards: Float64Array;
  terminations: Uint8Array;
  truncations: Uint8Array;
  infos: VectorInfo;
}

export abstract class VectorEnv<BO = unknown, BA = unknown> {
  abstract readonly numEnvs: number;
  abstract readonly singleObservationSpace: Space<unknown>;
  abstract readonly singleActionSpace: Space<unknown>;
  /** batchSpace(singleObservationSpace, numEnvs) */
  abstract readonly observationSpace: Space<BO>;
  abstract readonly actionSpace: Space<BA>;
  abstract readonly metadata: EnvMetadata & { autoresetMode: AutoresetMode };
  renderMode: RenderMode | undefined = undefined;

  abstract reset(opts?: VectorResetOptions): VectorResetResult<BO>;
  abstract step(actions: BA): VectorStepResult<BO>;
  close(): void {}

  get autoresetMode(): AutoresetMode {
    return this.metadata.autoresetMode;
  }

  get unwrapped(): VectorEnv<unknown, unknown> {
    return this as VectorEnv<unknown, unknown>;
  }

  toString(): string {
    return `${this.constructor.name}(numEnvs=${this.numEnvs})`;
  }
}

/** Per-sub-env seeds, Gymnasium's rule: seed -> [seed, seed + 1, ...]; an array must have numEnvs entries. */
export function seedsFor(seed: VectorResetOptions['seed'], numEnvs: number): (number | undefined)[] {
  if (seed === undefined) return new Array<number | undefined>(numEnvs).fill(undefined);
  if (typeof seed === 'number') return Array.from({ length: numEnvs }, (_, i) => seed + i);
  if (seed.length !== numEnvs) {
    throw new VectorEnvError(`reset got ${seed.length} seeds for ${numEnvs} sub-envs; give one int or exactly ${numEnvs} seeds.`);
  }
  return [...seed];
}

/** Splits `options.resetMask` (validated, as booleans) from the options passed on to the sub-envs. */
export function splitResetMask(
  options: VectorResetOptions['options'],
  numEnvs: number,
): { mask: boolean[] | undefined; options: Record<string, unknown> | undefined } {
  if (options === undefined || !('resetMask' in options)) return { mask: undefined, options };
  const { resetMask, ...rest } = options;
  if (resetMask === undefined || resetMask.length !== numEnvs) {
    throw new VectorEnvError(`options.resetMask must hold ${numEnvs} booleans (one per sub-env), got ${String(resetMask)}.`);
  }
  const mask = Array.from(resetMask, Boolean);
  if (!mask.some(Boolean)) {
    throw new VectorEnvError('options.resetMask selects no sub-env; set at least one entry to true (or omit it to reset all).');
  }
  return { mask, options: Object.keys(rest).length > 0 ? rest : undefined };
}

export function checkAutoresetMode(mode: unknown): AutoresetMode {
  if ((AUTORESET_MODES as readonly unknown[]).includes(mode)) return mode as AutoresetMode;
  throw new VectorEnvError(`autoresetMode must be 'NextStep', 'SameStep' or 'Disabled', got ${String(mode)}.`);
}
