/**
 * NumPy's `SeedSequence` (numpy/random/bit_generator.pyx), reduced to what seeding needs: an entropy integer is
 * hashed into a pool of four 32-bit words, and `generateState` stretches the pool into as many words as a bit
 * generator asks for. All arithmetic is mod 2^32 (Math.imul and >>> 0).
 */
import { InvalidSeedError } from '../../util/errors.js';

const POOL_SIZE = 4;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
/** Half the word size in bits (NumPy's XSHIFT). */
const XSHIFT = 16;

/** An entropy integer as little-endian uint32 words (NumPy's `_coerce_to_uint32_array`); 0 gives [0]. */
export function entropyToWords(entropy: number | bigint): Uint32Array {
  let value = BigInt(entropy);
  if (value < 0n) throw new InvalidSeedError(`SeedSequence entropy must be >= 0, got ${entropy}: seed with an integer >= 0`);
  const words: number[] = [];
  do {
    words.push(Number(value & 0xffffffffn));
    value >>= 32n;
  } while (value > 0n);
  return Uint32Array.from(words);
}

export class SeedSequence {
  /** The mixed pool: four uint32 words. */
  readonly pool: Uint32Array;
  readonly entropy: number | bigint;

  constructor(entropy: number | bigint) {
    this.entropy = entropy;
    this.pool = mixEntropy(entropyToWords(entropy));
  }

  /** `generate_state(nWords, uint32)`: cycles the pool through a second hash. */
  generateState(nWords: number): Uint32Array {
    const out = new Uint32Array(nWords);
    let hashConst = INIT_B;
    for (let i = 0; i < nWords; i++) {
      let value = (this.pool[i % POOL_SIZE] ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      value = Math.imul(value, hashConst) >>> 0;
      value = (value ^ (value >>> XSHIFT)) >>> 0;
      out[i] = value;
    }
    return out;
  }

  /** `generate_state(n, uint64)` as 2n uint32 words; word 2k is the low half of uint64 k (little-endian). */
  generateState64(n: number): Uint32Array {
    return this.generateState(2 * n);
  }
}

/** NumPy's `mix_entropy`: fills the pool, cross-mixes every pair, then folds in any remaining words. */
function mixEntropy(entropy: Uint32Array): Uint32Array {
  const hasher = new Hasher();
  const pool = new Uint32Array(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hasher.hashmix(i < entropy.length ? entropy[i] : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) {
      if (src !== dst) pool[dst] = mix(pool[dst], hasher.hashmix(pool[src]));
    }
  }
  for (let src = POOL_SIZE; src < entropy.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hasher.hashmix(entropy[src]));
  }
  return pool;
}

/** The running hash constant of `mix_entropy` (it advances on every hashmix). */
class Hasher {
  private hashConst = INIT_A;
  hashmix(input: number): number {
    let value = (input ^ this.hashConst) >>> 0;
    this.hashConst = Math.imul(this.hashConst, MULT_A) >>> 0;
    value = Math.imul(value, this.hashConst) >>> 0;
    return (value ^ (value >>> XSHIFT)) >>> 0;
  }
}

function mix(x: number, y: number): number {
  const result = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
  return (result ^ (result >>> XSHIFT)) >>> 0;
}
