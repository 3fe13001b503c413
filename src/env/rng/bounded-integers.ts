import type { Pcg64BitGenerator } from './pcg64-bitgen.js';

/**
 * NumPy's bounded integers (numpy/random/src/distributions/distributions.c, `random_bounded_uint*_fill` with
 * use_masked = False): Lemire's multiply-shift with rejection. `range` is high - low (inclusive span).
 * The bit width is the dtype's: 8- and 16-bit draws share one buffered uint32, 32-bit draws use `next32`
 * (which itself buffers half of a uint64), and spans above 2^32 - 1 use full uint64 draws.
 */

const UINT32_MAX = 0xffffffff;
const TWO_POW_32 = 4294967296;

export type IntegerBits = 8 | 16 | 32 | 64;

/** Per-call buffer for the 8/16-bit paths (NumPy's `bcnt`/`buf`, fresh for every fill call). */
export class SmallIntBuffer {
  count = 0;
  buf = 0;
}

/** Fills `out` with `off + bounded(range)` draws (range ≤ 2^53 - 1 so results stay exact doubles). */
export function fillBounded(gen: Pcg64BitGenerator, off: number, range: number, bits: IntegerBits, out: Float64Array): void {
  if (range === 0) {
    out.fill(off);
    return;
  }
  if (bits === 8 || bits === 16) {
    const buffer = new SmallIntBuffer();
    const full = bits === 8 ? 0xff : 0xffff;
    for (let i = 0; i < out.length; i++) {
      out[i] = off + (range === full ? bufferedSmall(gen, bits, buffer) : lemireSmall(gen, range, bits, buffer));
    }
    return;
  }
  if (range <= UINT32_MAX) {
    for (let i = 0; i < out.length; i++) out[i] = off + (range === UINT32_MAX ? gen.next32() : lemire32(gen, range));
    return;
  }
  for (let i = 0; i < out.length; i++) out[i] = off + Number(lemire64(gen, BigInt(range)));
}

/** 8 or 16 bits from a shared uint32, consumed from the low end. */
function bufferedSmall(gen: Pcg64BitGenerator, bits: 8 | 16, b: SmallIntBuffer): number {
  if (b.count === 0) {
    b.buf = gen.next32();
    b.count = bits === 8 ? 3 : 1;
  } else {
    b.buf >>>= bits;
    b.count -= 1;
  }
  return bits === 8 ? b.buf & 0xff : b.buf & 0xffff;
}

function lemireSmall(gen: Pcg64BitGenerator, range: number, bits: 8 | 16, b: SmallIntBuffer): number {
  const size = bits === 8 ? 256 : 65536;
  const rangeExcl = range + 1;
  let m = bufferedSmall(gen, bits, b) * rangeExcl;
  let leftover = m % size;
  if (leftover < rangeExcl) {
    const threshold = (size - 1 - range) % rangeExcl;
    while (leftover < threshold) {
      m = bufferedSmall(gen, bits, b) * rangeExcl;
      leftover = m % size;
    }
  }
  return Math.floor(m / size);
}

/** m = u32 · (range + 1) is < 2^64: split it so both halves are exact. */
function lemire32(gen: Pcg64BitGenerator, range: number): number {
  const rangeExcl = range + 1;
  let [high, leftover] = mulHighLow32(gen.next32(), rangeExcl);
  if (leftover < rangeExcl) {
    const threshold = (UINT32_MAX - range) % rangeExcl;
    while (leftover < threshold) [high, leftover] = mulHighLow32(gen.next32(), rangeExcl);
  }
  return high;
}

/** (a·b) >> 32 and (a·b) mod 2^32 for a < 2^32, b ≤ 2^32, without leaving exact double range. */
function mulHighLow32(a: number, b: number): [number, number] {
  const highPart = (a >>> 16) * b; // < 2^48, weight 2^16
  const lowPart = (a & 0xffff) * b; // < 2^48
  const highPartTop = Math.floor(highPart / 65536);
  const lowCarry = Math.floor(lowPart / TWO_POW_32);
  const lowWord = (highPart - highPartTop * 65536) * 65536 + (lowPart - lowCarry * TWO_POW_32); // < 2^33
  const carry = Math.floor(lowWord / TWO_POW_32);
  return [highPartTop + lowCarry + carry, lowWord - carry * TWO_POW_32];
}

const UINT64_MAX = (1n << 64n) - 1n;

function lemire64(gen: Pcg64BitGenerator, range: bigint): bigint {
  if (range === UINT64_MAX) return gen.next64Big();
  const rangeExcl = range + 1n;
  let m = gen.next64Big() * rangeExcl;
  let leftover = m & UINT64_MAX;
  if (leftover < rangeExcl) {
    const threshold = (UINT64_MAX - range) % rangeExcl;
    while (leftover < threshold) {
      m = gen.next64Big() * rangeExcl;
      leftover = m & UINT64_MAX;
    }
  }
  return m >> 64n;
}
