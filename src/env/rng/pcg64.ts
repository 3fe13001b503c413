import { randomBytes } from 'node:crypto';
import { DreamerError, InvalidSeedError } from '../../util/errors.js';
import type { GeneratorState, RandomGenerator } from './generator.js';
import { Pcg64BitGenerator } from './pcg64-bitgen.js';
import { SeedSequence } from './seed-sequence.js';
import { fillBounded, type IntegerBits } from './bounded-integers.js';
import { standardExponential, standardNormal } from './ziggurat.js';

/** Bits of OS entropy NumPy draws for an unseeded SeedSequence. */
const ENTROPY_BYTES = 16;
const MAX_EXACT_SPAN = Number.MAX_SAFE_INTEGER;

/** Integer dtypes `integers` can draw with (the bit width picks NumPy's code path). */
export type IntegerDType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';
const DTYPE_BITS: Record<IntegerDType, IntegerBits> = {
  int8: 8, uint8: 8, int16: 16, uint16: 16, int32: 32, uint32: 32, int64: 64, uint64: 64,
};

/** `np.random.Generator(PCG64(SeedSequence(entropy)))`. */
export class Pcg64Generator implements RandomGenerator {
  readonly bitGenerator: Pcg64BitGenerator;

  constructor(entropy: number | bigint | Pcg64BitGenerator) {
    this.bitGenerator =
      entropy instanceof Pcg64BitGenerator ? entropy : Pcg64BitGenerator.fromSeedSequence(new SeedSequence(entropy));
  }

  random(size: number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.bitGenerator.nextDouble();
    return out;
  }

  /** One `random()` double without allocating (hot paths such as resets). */
  nextDouble(): number {
    return this.bitGenerator.nextDouble();
  }

  uniform(low: number, high: number, size: number): Float64Array {
    const span = high - low;
    if (!Number.isFinite(span)) throw new DreamerError(`uniform: high - low overflows (low=${low}, high=${high}); use finite bounds.`);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = low + span * this.bitGenerator.nextDouble();
    return out;
  }

  /** `integers(low, high, size, dtype)`: high exclusive; the dtype (default int64) selects NumPy's bit path. */
  integers(low: number, high: number, size: number, dtype: IntegerDType = 'int64'): Float64Array {
    if (!Number.isInteger(low) || !Number.isInteger(high)) {
      throw new DreamerError(`integers: low and high must be integers, got low=${low}, high=${high}.`);
    }
    if (low >= high) throw new DreamerError(`integers: low >= high (low=${low}, high=${high}); high is exclusive.`);
    const range = high - 1 - low;
    if (range > MAX_EXACT_SPAN) throw new DreamerError(`integers: span ${range} exceeds 2^53 - 1; narrow the bounds.`);
    const out = new Float64Array(size);
    fillBounded(this.bitGenerator, low, range, DTYPE_BITS[dtype], out);
    return out;
  }

  normal(loc: number, scale: number, size: number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = loc + scale * standardNormal(this.bitGenerator);
    return out;
  }

  standardExponential(size: number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = standardExponential(this.bitGenerator);
    return out;
  }

  getState(): GeneratorState {
    const g = this.bitGenerator;
    return { bitGenerator: 'PCG64', state: g.stateBig().toString(), inc: g.incBig().toString(), hasUint32: g.hasUint32, uinteger: g.uinteger };
  }

  setState(state: GeneratorState): void {
    if (state.bitGenerator !== 'PCG64') {
      throw new DreamerError(`setState: expected a PCG64 state, got "${String(state.bitGenerator)}".`);
    }
    const g = this.bitGenerator;
    g.setStateBig(BigInt(state.state));
    g.setInc(BigInt(state.inc));
    g.hasUint32 = state.hasUint32;
    g.uinteger = state.uinteger >>> 0;
  }
}

/**
 * Gymnasium's `seeding.np_random(seed)`: a generator seeded from `SeedSequence(seed)`, and the seed used.
 * Without a seed, 128 bits of OS entropy seed it (as NumPy does) and the returned seed is undefined.
 */
export function seedingNpRandom(seed?: number): [RandomGenerator, number | undefined] {
  if (seed === undefined || seed === null) {
    const bytes = randomBytes(ENTROPY_BYTES);
    return [new Pcg64Generator(BigInt(`0x${bytes.toString('hex')}`)), undefined];
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidSeedError(`Seed must be a non-negative integer (at most 2^53 - 1), got ${String(seed)}; pass e.g. seed: 42.`);
  }
  return [new Pcg64Generator(seed), seed];
}
