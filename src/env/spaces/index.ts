// Gymnasium's spaces, NumPy-identical sampling. See each file for the semantics.
export type { Space, SpaceJSON, DType } from './space.js';
export { BaseSpace } from './base.js';
export { Box, type BoxOptions, type Bound } from './box.js';
export { Discrete, type DiscreteOptions } from './discrete.js';
export { SpaceError } from './space-error.js';
export type { BoxDType, ArrayOf, NumericArray } from './dtype.js';
export type { Mask } from './mask.js';
