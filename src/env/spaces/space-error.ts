import { DreamerError } from '../../util/errors.js';

/** A space built with inconsistent arguments (shape mismatch, NaN bound, low > high, bad mask). */
export class SpaceError extends DreamerError {}
