import { SeedSequence } from './seed-sequence.js';

/**
 * The PCG64 bit generator (PCG XSL-RR 128/64, as in NumPy's `PCG64`): a 128-bit LCG whose output is the 64-bit
 * xor of its halves rotated by the top 6 state bits.
 *
 * The 128-bit state lives in eight 16-bit limbs (s0 = least significant) so that the multiply-add runs on plain
 * doubles: each 16x16 product is < 2^32 and a column sum of eight stays far below 2^53. `next64` leaves its
 * result in `hi`/`lo` (two uint32) instead of allocating.
 */

const LIMB = 65536;
/** 2^-16: multiplying by it is exact and cheaper than dividing by LIMB. */
const INV_LIMB = 1 / 65536;
/** The PCG 128-bit default multiplier 0x2360ED051FC65DA44385DF649FCCF645, as 16-bit limbs, least significant first. */
const M0 = 0xf645, M1 = 0x9fcc, M2 = 0xdf64, M3 = 0x4385, M4 = 0x5da4, M5 = 0x1fc6, M6 = 0xed05, M7 = 0x2360;
const TWO_POW_21 = 2097152;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;
const MASK_128 = (1n << 128n) - 1n;

export class Pcg64BitGenerator {
  /** State and increment limbs (typed arrays: no boxed doubles on the hot path). */
  private readonly st = new Float64Array(8);
  private readonly inc = new Float64Array(8);
  /** High and low 32 bits of the last `next64()` output. */
  hi = 0;
  lo = 0;
  /** NumPy's buffered upper half for `next32` (`has_uint32`, `uinteger`). */
  hasUint32 = false;
  uinteger = 0;

  /** PCG64(SeedSequence): 4 uint64 words v[0..3]; initstate = v0·2^64 + v1, initseq = v2·2^64 + v3. */
  static fromSeedSequence(seq: SeedSequence): Pcg64BitGenerator {
    const w = seq.generateState64(4);
    const u64 = (k: number): bigint => (BigInt(w[2 * k + 1]) << 32n) | BigInt(w[2 * k]);
    const initState = (u64(0) << 64n) | u64(1);
    const initSeq = (u64(2) << 64n) | u64(3);
    const gen = new Pcg64BitGenerator();
    gen.seed(initState, initSeq);
    return gen;
  }

  /** pcg_setseq_128_srandom_r: state = 0, inc = 2·initseq + 1, step, state += initstate, step. */
  seed(initState: bigint, initSeq: bigint): void {
    this.setInc(((initSeq << 1n) | 1n) & MASK_128);
    this.setStateBig(0n);
    this.step();
    this.setStateBig((this.stateBig() + initState) & MASK_128);
    this.step();
    this.hasUint32 = false;
    this.uinteger = 0;
  }

  /** state = state · MULT + inc (mod 2^128), schoolbook on 16-bit limbs; `(c * INV_LIMB) | 0` is floor(c / 2^16) (c < 2^37). */
  step(): void {
    const st = this.st;
    const inc = this.inc;
    const a0 = st[0], a1 = st[1], a2 = st[2], a3 = st[3], a4 = st[4], a5 = st[5], a6 = st[6], a7 = st[7];
    let c = a0 * M0 + inc[0];
    let carry = (c * INV_LIMB) | 0;
    st[0] = c - carry * LIMB;
    c = a0 * M1 + a1 * M0 + inc[1] + carry;
    carry = (c * INV_LIMB) | 0;
    st[1] = c - carry * LIMB;
    c = a0 * M2 + a1 * M1 + a2 * M0 + inc[2] + carry;
    carry = (c * INV_LIMB) | 0;
    st[2] = c - carry * LIMB;
    c = a0 * M3 + a1 * M2 + a2 * M1 + a3 * M0 + inc[3] + carry;
    carry = (c * INV_LIMB) | 0;
    st[3] = c - carry * LIMB;
    c = a0 * M4 + a1 * M3 + a2 * M2 + a3 * M1 + a4 * M0 + inc[4] + carry;
    carry = (c * INV_LIMB) | 0;
    st[4] = c - carry * LIMB;
    c = a0 * M5 + a1 * M4 + a2 * M3 + a3 * M2 + a4 * M1 + a5 * M0 + inc[5] + carry;
    carry = (c * INV_LIMB) | 0;
    st[5] = c - carry * LIMB;
    c = a0 * M6 + a1 * M5 + a2 * M4 + a3 * M3 + a4 * M2 + a5 * M1 + a6 * M0 + inc[6] + carry;
    carry = (c * INV_LIMB) | 0;
    st[6] = c - carry * LIMB;
    c = a0 * M7 + a1 * M6 + a2 * M5 + a3 * M4 + a4 * M3 + a5 * M2 + a6 * M1 + a7 * M0 + inc[7] + carry;
    st[7] = c - ((c * INV_LIMB) | 0) * LIMB;
  }

  /** Steps, then XSL-RR output into `hi`/`lo`. */
  next64(): void {
    this.step();
    const st = this.st;
    // xor of the 64-bit halves, as two uint32 words
    let xh = ((st[7] * LIMB + st[6]) ^ (st[3] * LIMB + st[2])) >>> 0;
    let xl = ((st[5] * LIMB + st[4]) ^ (st[1] * LIMB + st[0])) >>> 0;
    let rot = st[7] >>> 10; // top 6 bits of the 128-bit state
    if (rot >= 32) {
      const t = xh;
      xh = xl;
      xl = t;
      rot -= 32;
    }
    if (rot === 0) {
      this.hi = xh;
      this.lo = xl;
    } else {
      this.hi = ((xh >>> rot) | (xl << (32 - rot))) >>> 0;
      this.lo = ((xl >>> rot) | (xh << (32 - rot))) >>> 0;
    }
  }

  /** NumPy's `next_double`: the top 53 bits of next64 scaled to [0, 1). */
  nextDouble(): number {
    this.next64();
    return (this.hi * TWO_POW_21 + (this.lo >>> 11)) * TWO_POW_MINUS_53;
  }

  /** NumPy's `pcg64_next32`: the low half of a fresh next64, keeping the high half for the next call. */
  next32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.next64();
    this.hasUint32 = true;
    this.uinteger = this.hi;
    return this.lo;
  }

  /** next64 as a BigInt (for the rare 64-bit bounded-integer path). */
  next64Big(): bigint {
    this.next64();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  stateBig(): bigint {
    return limbsToBig(Array.from(this.st));
  }

  incBig(): bigint {
    return limbsToBig(Array.from(this.inc));
  }

  setStateBig(v: bigint): void {
    this.st.set(bigToLimbs(v));
  }

  setInc(v: bigint): void {
    this.inc.set(bigToLimbs(v));
  }
}

function limbsToBig(limbs: number[]): bigint {
  let v = 0n;
  for (let k = limbs.length - 1; k >= 0; k--) v = (v << 16n) | BigInt(limbs[k]);
  return v;
}

function bigToLimbs(v: bigint): number[] {
  const out: number[] = [];
  let x = v & MASK_128;
  for (let k = 0; k < 8; k++) {
    out.push(Number(x & 0xffffn));
    x >>= 16n;
  }
  return out;
}
