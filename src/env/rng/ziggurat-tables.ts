/**
 * The 256-layer ziggurat tables NumPy's Generator uses for `standard_normal` and `standard_exponential`,
 * computed here from Marsaglia & Tsang's construction instead of being pasted.
 *
 * Normal (NumPy's ziggurat_constants.py): x_0 = R, x_{i+1} = f⁻¹(f(x_i) + V/x_i) with f(x) = exp(-x²/2), then
 * the list is reversed so index 255 is the outermost layer. ki = round(x_{i-1}/x_i · 2^52) (the 52-bit mantissa
 * draws), wi = x_i / 2^52, fi = f(x_i); layer 0 is the base strip with the tail: wi_0 = V/f(R)/2^52.
 * Exponential: the same with f(x) = exp(-x) and 53-bit draws.
 */

const LAYERS = 256;
const TWO_POW_52 = 4503599627370496;
const TWO_POW_53 = 9007199254740992;

/** Tail start R and layer area V of the normal ziggurat (NumPy's `ziggurat_nor_r` and Vr). */
export const ZIGGURAT_NOR_R = 3.6541528853610087963519472518;
export const ZIGGURAT_NOR_INV_R = 0.27366123732975827203338247596;
const NOR_LAYER_AREA = 0.0049286732339746519;
/** Tail start R and layer area V of the exponential ziggurat. */
export const ZIGGURAT_EXP_R = 7.6971174701310497140446280481;
const EXP_LAYER_AREA = 0.0039496598225815571993;

export interface ZigguratTables {
  /** Acceptance thresholds on the integer draw (exact doubles, < 2^53). */
  k: Float64Array;
  /** Integer draw → x scale. */
  w: Float64Array;
  /** Density at each layer edge. */
  f: Float64Array;
}

function layerEdges(r: number, area: number, pdf: (x: number) => number, inversePdf: (p: number) => number): Float64Array {
  const x = new Float64Array(LAYERS);
  x[0] = r;
  for (let i = 1; i < LAYERS - 1; i++) x[i] = inversePdf(pdf(x[i - 1]) + area / x[i - 1]);
  x[LAYERS - 1] = 0;
  return x.reverse();
}

function buildTables(r: number, area: number, scale: number, pdf: (x: number) => number, inversePdf: (p: number) => number): ZigguratTables {
  const x = layerEdges(r, area, pdf, inversePdf);
  const k = new Float64Array(LAYERS);
  const w = new Float64Array(LAYERS);
  const f = new Float64Array(LAYERS);
  for (let i = 1; i < LAYERS; i++) k[i] = roundHalfEven((x[i - 1] / x[i]) * scale);
  k[0] = roundHalfEven(((r * pdf(r)) / area) * scale);
  for (let i = 0; i < LAYERS; i++) {
    w[i] = x[i] / scale;
    f[i] = pdf(x[i]);
  }
  w[0] = area / pdf(r) / scale;
  return { k, w, f };
}

/** np.round: ties to even. */
function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const diff = v - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export const NORMAL_TABLES: ZigguratTables = buildTables(
  ZIGGURAT_NOR_R,
  NOR_LAYER_AREA,
  TWO_POW_52,
  (x) => Math.exp(-0.5 * x * x),
  (p) => Math.sqrt(-2 * Math.log(p)),
);

export const EXPONENTIAL_TABLES: ZigguratTables = buildTables(
  ZIGGURAT_EXP_R,
  EXP_LAYER_AREA,
  TWO_POW_53,
  (x) => Math.exp(-x),
  (p) => -Math.log(p),
);
