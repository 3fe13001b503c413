import * as tf from '@tensorflow/tfjs';

/** Serialisable state of a `TensorRng`: the seed it was built with and how many draws it has handed out. */
export interface TensorRngState {
  seed: number;
  counter: number;
}

/** 2^32, to map a 32-bit hash to [0, 1). */
const TWO_POW_32 = 4294967296;

/**
 * Reproducible randomness for tensor ops. tfjs random ops take an optional per-call `seed`; `TensorRng` hands out
 * a fresh seed for every call, derived from (seed, counter) by a SplitMix-style hash, so the same seed gives the
 * same parameters and samples on the same backend, and `getState()/setState()` resume a stream exactly.
 */
export class TensorRng {
  private seed: number;
  private counter = 0;

  /** `seed`: any integer (taken modulo 2^32). */
  constructor(seed: number) {
    this.seed = seed >>> 0;
  }

  /** The next per-call seed, an integer in [0, 2^32). */
  nextSeed(): number {
    this.counter += 1;
    return mix32(this.seed, this.counter);
  }

  /** The next per-call seed as a float in [0, 1) (for JS-side draws). */
  nextFloat(): number {
    return this.nextSeed() / TWO_POW_32;
  }

  /** Standard-normal (or `mean`, `std`) float32 tensor of `shape`. */
  normal(shape: number[], mean = 0, std = 1): tf.Tensor {
    return tf.randomNormal(shape, mean, std, 'float32', this.nextSeed());
  }

  /** Uniform float32 tensor on [low, high). */
  uniform(shape: number[], low = 0, high = 1): tf.Tensor {
    return tf.randomUniform(shape, low, high, 'float32', this.nextSeed());
  }

  /** Normal draws re-drawn beyond two standard deviations (tf.truncatedNormal). */
  truncatedNormal(shape: number[], mean = 0, std = 1): tf.Tensor {
    return tf.truncatedNormal(shape, mean, std, 'float32', this.nextSeed());
  }

  /** An independent child stream (e.g. one per module) that does not disturb this one's later draws. */
  fork(): TensorRng {
    return new TensorRng(this.nextSeed());
  }

  getState(): TensorRngState {
    return { seed: this.seed, counter: this.counter };
  }

  setState(state: TensorRngState): void {
    this.seed = state.seed >>> 0;
    this.counter = state.counter;
  }
}

/** A 32-bit avalanche hash of (seed, counter) (the murmur3 finaliser over a golden-ratio stride). */
function mix32(seed: number, counter: number): number {
  let h = (seed + Math.imul(counter, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
