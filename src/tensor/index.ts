// The tensor layer: seeded randomness, modules, layers, distributions, maths and the optimiser.
export { TensorRng, type TensorRngState } from './random.js';
export { Module, type NamedWeights, type SavedTensor } from './module.js';
export { activate, type Activation } from './layers/activation.js';
export { fans, glorotUniform, ones, truncNormalFanAvg, uniformScaled, zeros, type Initializer } from './layers/init.js';
export { Dense, type DenseOptions } from './layers/dense.js';
export { LayerNorm, RMSNorm, makeNorm, type NormKind, type NormOptions } from './layers/norm.js';
export { MLP, type MLPOptions } from './layers/mlp.js';
export { GRUCell, type GRUOptions } from './layers/gru.js';
export { Adam, type AdamOptions, type AdamState, type StepResult } from './optim/adam.js';
export { adaptiveClip, clipByGlobalNorm } from './optim/clip.js';
