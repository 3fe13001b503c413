/** Averages named scalars between log records (training metrics arrive once per update, logs come less often). */
export class MetricMeans {
  private sums = new Map<string, number>();
  private counts = new Map<string, number>();

  add(metrics: Record<string, number>): void {
    for (const [k, v] of Object.entries(metrics)) {
      this.sums.set(k, (this.sums.get(k) ?? 0) + v);
      this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    }
  }

  /** The means since the last flush, then forget them. */
  flush(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, s] of this.sums) out[k] = s / this.counts.get(k)!;
    this.sums.clear();
    this.counts.clear();
    return out;
  }
}
