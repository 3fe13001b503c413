/** Compact numbers for the console: 12,345 / 123.4 / 1.23 / 0.0123 / 1.2e-5. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1000 || Number.isInteger(v)) return Math.round(v).toLocaleString('en-US');
  if (abs >= 100) return v.toFixed(1);
  if (abs >= 0.01) return v.toPrecision(3);
  if (abs === 0) return '0';
  return v.toExponential(1);
}

/** 3725 s → "1h02m", 125 s → "2m05s", 9 s → "9s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${pad(m)}m`;
  if (m > 0) return `${m}m${pad(s % 60)}s`;
  return `${s}s`;
}
