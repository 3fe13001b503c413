// Gymnasium's spaces with NumPy-identical sampling, plus spaces/utils (flatten) and batchSpace.
export type { Space, SpaceJSON, DType } from './space.js';
export { BaseSpace } from './base.js';
export { Box, type BoxOptions, type Bound } from './box.js';
export { Discrete, type DiscreteOptions } from './discrete.js';
export { MultiDiscrete, type MultiDiscreteOptions, type MultiDiscreteDType } from './multi-discrete.js';
export { MultiBinary } from './multi-binary.js';
export { Dict, isSpace, spaceEquals, type SpaceValue } from './dict.js';
export { Tuple } from './tuple.js';
export { spaceFromJSON } from './json.js';
export { flatdim, flatten, unflatten, flattenSpace, flatDType, resultType } from './flatten.js';
export { batchSpace } from './batch.js';
export type { BoxDType, ArrayOf, NumericArray } from './dtype.js';
export type { Mask } from './mask.js';
