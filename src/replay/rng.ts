/**
 * The random source replay sampling needs. NumPy-compatible `RandomGenerator`s (src/env/rng) fit it, so a run
 * may pass its PCG64; without one the replay uses `Xoshiro128`, seeded from `run.seed`.
 */
import { CheckpointError } from '../util/errors.js';

export interface ReplayRng {
  /** `size` integers drawn uniformly from [low, high). */
  integers(low: number, high: number, size: number): Float64Array;
  /** JSON-serialisable state, restored exactly by `setState`. */
  getState(): unknown;
  setState(state: never): void;
}

export interface Xoshiro128State {
  bitGenerator: 'xoshiro128**';
  s: [number, number, number, number];
}

/** SplitMix32 constants (a fixed mixing function used only to spread the seed over the 128-bit state). */
const SPLITMIX_GOLDEN = 0x9e3779b9;
const UINT32_RANGE = 2 ** 32;

/** xoshiro128** (Blackman & Vigna): a small, fast 32-bit generator with a 2^128 - 1 period. */
export class Xoshiro128 implements ReplayRng {
  private s = new Uint32Array(4);

  constructor(seed: number) {
    let x = seed >>> 0;
    const hi = Math.floor(seed / UINT32_RANGE) >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + SPLITMIX_GOLDEN + (i === 1 ? hi : 0)) >>> 0;
      this.s[i] = mix32(x);
    }
    if (this.s.every((v) => v === 0)) this.s[0] = 1; // the all-zero state is a fixed point
  }

  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform integers in [low, high) without modulo bias (rejection of the incomplete last block). */
  integers(low: number, high: number, size: number): Float64Array {
    const range = high - low;
    // Unreachable from input: the replay draws over its count of stored sequences, at least 1 and far below 2^32.
    if (!(range >= 1 && range <= UINT32_RANGE)) throw new RangeError(`integers: need 1 <= high - low <= 2^32, got ${range}`);
    const limit = UINT32_RANGE - (UINT32_RANGE % range);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      let v = this.nextUint32();
      while (v >= limit) v = this.nextUint32();
      out[i] = low + (v % range);
    }
    return out;
  }

  getState(): Xoshiro128State {
    return { bitGenerator: 'xoshiro128**', s: [this.s[0], this.s[1], this.s[2], this.s[3]] };
  }

  setState(state: Xoshiro128State): void {
    if (state?.bitGenerator !== 'xoshiro128**' || state.s?.length !== 4) {
      throw new CheckpointError('Xoshiro128.setState: not a xoshiro128** state; the replay state in the checkpoint is corrupt or from another version: resume from another checkpoint');
    }
    this.s.set(state.s);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The SplitMix32 / murmur3 finaliser: turns consecutive counters into well-spread 32-bit words. */
function mix32(x: number): number {
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
