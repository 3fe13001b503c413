import { EnvError } from '../../src/util/errors.js';

/**
 * Gymnasium's `classic_control.utils`: reset options are cast with Python's `float()` (numbers, numeric
 * strings and booleans are accepted) and a `low`/`high` pair must be ordered.
 */
export function verifyNumberAndCast(value: unknown, name: string, envName: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.trim());
    if (!Number.isNaN(parsed) || value.trim().toLowerCase() === 'nan') return parsed;
  }
  throw new EnvError(`${envName}: reset option "${name}" (${String(value)}) could not be converted to a number; pass a number.`);
}

/** `maybe_parse_reset_bounds(options, defaultLow, defaultHigh)`. */
export function parseResetBounds(
  options: Record<string, unknown> | undefined,
  defaultLow: number,
  defaultHigh: number,
  envName: string,
): [number, number] {
  if (options === undefined || options === null) return [defaultLow, defaultHigh];
  const low = verifyNumberAndCast('low' in options ? options.low : defaultLow, 'low', envName);
  const high = verifyNumberAndCast('high' in options ? options.high : defaultHigh, 'high', envName);
  if (low > high) {
    throw new EnvError(`${envName}: reset option low (${low}) must be <= high (${high}); swap them.`);
  }
  return [low, high];
}

/** Reads option `name` as a number, or `fallback` when it is absent (Pendulum's x_init / y_init). */
export function numberOption(options: Record<string, unknown> | undefined, name: string, fallback: number, envName: string): number {
  if (options === undefined || options === null || !(name in options)) return fallback;
  return verifyNumberAndCast(options[name], name, envName);
}
