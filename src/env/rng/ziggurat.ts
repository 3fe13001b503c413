import type { Pcg64BitGenerator } from './pcg64-bitgen.js';
import { EXPONENTIAL_TABLES, NORMAL_TABLES, ZIGGURAT_EXP_R, ZIGGURAT_NOR_INV_R, ZIGGURAT_NOR_R } from './ziggurat-tables.js';

/**
 * NumPy's ziggurat samplers (`random_standard_normal`, `random_standard_exponential` in distributions.c),
 * reading bit fields out of one next64 draw held as two uint32 halves.
 */

const TWO_POW_23 = 8388608;
const TWO_POW_21 = 2097152;
const LOW_29_BITS = 0x1fffffff;

const KN = NORMAL_TABLES.k, WN = NORMAL_TABLES.w, FN = NORMAL_TABLES.f;
const KE = EXPONENTIAL_TABLES.k, WE = EXPONENTIAL_TABLES.w, FE = EXPONENTIAL_TABLES.f;

/** Draw r: layer = bits 0-7, sign = bit 8, |x| mantissa = bits 9-60 (52 bits). */
export function standardNormal(gen: Pcg64BitGenerator): number {
  for (;;) {
    gen.next64();
    const lo = gen.lo;
    const idx = lo & 0xff;
    const negative = ((lo >>> 8) & 1) === 1;
    const rabs = (gen.hi & LOW_29_BITS) * TWO_POW_23 + (lo >>> 9);
    let x = rabs * WN[idx];
    if (negative) x = -x;
    if (rabs < KN[idx]) return x;
    if (idx === 0) {
      // Tail beyond R (Marsaglia's method); bit 8 of rabs picks the sign.
      for (;;) {
        const xx = -ZIGGURAT_NOR_INV_R * Math.log1p(-gen.nextDouble());
        const yy = -Math.log1p(-gen.nextDouble());
        if (yy + yy > xx * xx) return ((lo >>> 17) & 1) === 1 ? -(ZIGGURAT_NOR_R + xx) : ZIGGURAT_NOR_R + xx;
      }
    }
    if ((FN[idx - 1] - FN[idx]) * gen.nextDouble() + FN[idx] < Math.exp(-0.5 * x * x)) return x;
  }
}

/** Draw r >> 3: layer = next 8 bits, mantissa = the top 53 bits. */
export function standardExponential(gen: Pcg64BitGenerator): number {
  for (;;) {
    gen.next64();
    const idx = (gen.lo >>> 3) & 0xff;
    const ri = gen.hi * TWO_POW_21 + (gen.lo >>> 11);
    const x = ri * WE[idx];
    if (ri < KE[idx]) return x;
    if (idx === 0) return ZIGGURAT_EXP_R - Math.log1p(-gen.nextDouble());
    if ((FE[idx - 1] - FE[idx]) * gen.nextDouble() + FE[idx] < Math.exp(-x)) return x;
  }
}
