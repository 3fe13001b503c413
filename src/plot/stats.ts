/** Small statistics for reporting results over seeds and episodes. */

/** Two-sided 95 % quantiles of Student's t, t_{0.975, df} for df = 1..30 (standard tables). */
const T_975: readonly number[] = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
/** Beyond the table the t quantile is within 0.02 of the normal one and falls towards it. */
const T_975_DF_40 = 2.021;
const T_975_DF_60 = 2.0;
const T_975_DF_120 = 1.98;
const Z_975 = 1.96;

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n - 1 in the denominator); 0 for fewer than two values. */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** t_{0.975, df}: the multiplier of the standard error for a two-sided 95 % interval. */
export function tQuantile975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= T_975.length) return T_975[df - 1]!;
  if (df <= 40) return T_975_DF_40;
  if (df <= 60) return T_975_DF_60;
  if (df <= 120) return T_975_DF_120;
  return Z_975;
}

/** 95 % confidence interval of the mean (Student's t); [m, m] for a single value. */
export function ci95(xs: readonly number[]): [number, number] {
  const m = mean(xs);
  if (xs.length < 2) return [m, m];
  const half = (tQuantile975(xs.length - 1) * sampleStd(xs)) / Math.sqrt(xs.length);
  return [m - half, m + half];
}
