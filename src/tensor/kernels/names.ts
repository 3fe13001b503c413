/**
 * Every kernel name dreamer-ts registers, in one place (the table in ./README.md says where each is written,
 * on which backends, what runs without it and which test covers it). Our own kernels are named `Dreamer*`; the
 * wasm fixes take the names of the tfjs kernels they replace, listed last.
 */
import * as tf from '@tensorflow/tfjs';

// Fused kernels (fused/*.ts), on cpu and wasm.
export const SILU_KERNEL = 'DreamerSilu';
export const SILU_GRAD_KERNEL = 'DreamerSiluGrad';
export const SYMLOG_KERNEL = 'DreamerSymlog';
export const SYMLOG_GRAD_KERNEL = 'DreamerSymlogGrad';
export const GRU_V1_KERNEL = 'DreamerGruV1';
export const GRU_V1_GRAD_KERNEL = 'DreamerGruV1Grad';
export const GRU_V3_KERNEL = 'DreamerGruV3';
export const GRU_V3_GRAD_KERNEL = 'DreamerGruV3Grad';
export const GRU_CELL_V1_KERNEL = 'DreamerGruCellV1';
export const GRU_CELL_V1_GRAD_KERNEL = 'DreamerGruCellV1Grad';
export const RSSM_OBSERVE_KERNEL = 'DreamerRssmObserveV1';
export const RSSM_OBSERVE_GRAD_KERNEL = 'DreamerRssmObserveV1Grad';
export const RSSM_IMAGINE_KERNEL = 'DreamerRssmImagineV1';
export const RSSM_IMAGINE_GRAD_KERNEL = 'DreamerRssmImagineV1Grad';
export const LAYER_NORM_KERNEL = 'DreamerLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'DreamerLayerNormGrad';
export const RMS_NORM_KERNEL = 'DreamerRmsNorm';
export const RMS_NORM_GRAD_KERNEL = 'DreamerRmsNormGrad';
export const CATEGORICAL_SAMPLE_KERNEL = 'DreamerCategoricalSample';
export const CATEGORICAL_SAMPLE_GRAD_KERNEL = 'DreamerCategoricalSampleGrad';
export const ADAM_UPDATE_KERNEL = 'DreamerAdamUpdate';
export const GLOBAL_NORM_KERNEL = 'DreamerGlobalNorm';

/** The tfjs kernels we replace (or add, where wasm lacks them) on the wasm backend. */
export const WASM_FIX_KERNELS = [
  tf.BatchMatMul,
  tf._FusedMatMul,
  tf.Identity,
  tf.Conv2DBackpropFilter,
  tf.Conv2DBackpropInput,
  tf.UnsortedSegmentSum,
  tf.Slice,
  tf.SplitV,
  tf.Sum,
] as const;

/** Replaced on wasm only while the native BLAS addon is on (native-blas.ts), besides the matMuls above. */
export const NATIVE_BLAS_KERNELS = [
  tf.BatchMatMul, tf._FusedMatMul, tf.Exp, tf.Conv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter,
] as const;

/** The tfjs kernel whose gradient we register on every backend (dense-matmul.ts). */
export const DENSE_GRADIENT_KERNEL = tf._FusedMatMul;
