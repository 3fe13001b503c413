/** Axis ticks at "nice" numbers (1, 2 or 5 times a power of ten) and their labels. */

const NICE_STEPS = [1, 2, 5, 10];

/** About `target` ticks covering [lo, hi]; returns the tick values and the padded range they span. */
export function niceTicks(lo: number, hi: number, target = 5): { ticks: number[]; lo: number; hi: number } {
  if (!(hi > lo)) [lo, hi] = [lo - 1, lo + 1];
  const raw = (hi - lo) / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = NICE_STEPS.map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.floor(lo / step) * step;
  const last = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let k = 0; first + k * step <= last + step * 1e-9; k++) ticks.push(roundTo(first + k * step, step));
  return { ticks, lo: first, hi: last };
}

/** Labels with the fewest decimals the step needs, and k / M suffixes for large round numbers (env steps). */
export function formatTick(value: number, step: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6 && step >= 1e5) return `${dropZeros(trim(value / 1e6, step / 1e6))}M`;
  if (abs >= 1e3 && step >= 100) return `${dropZeros(trim(value / 1e3, step / 1e3))}k`;
  return trim(value, step);
}

function trim(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(decimals);
}

/** '1.0' -> '1', '1.50' -> '1.5' (for k / M labels: 500, 1k, 1.5k reads better than 1.0k). */
function dropZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(decimals, 20)));
}
