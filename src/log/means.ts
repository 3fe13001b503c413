/**
 * Running means of scalars between two log records (losses of every update, returns of every episode):
 * `add` as values come, `take` when it is time to log (returns the means and starts over).
 */
export class MetricMeans {
  private readonly sums = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  add(name: string, value: number): void {
    this.sums.set(name, (this.sums.get(name) ?? 0) + value);
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  addAll(scalars: Record<string, number>): void {
    for (const [name, value] of Object.entries(scalars)) this.add(name, value);
  }

  get isEmpty(): boolean {
    return this.sums.size === 0;
  }

  /** Sums and counts since the last `take`, for checkpoints. */
  getState(): { sums: [string, number][]; counts: [string, number][] } {
    return { sums: [...this.sums], counts: [...this.counts] };
  }

  setState(state: { sums: [string, number][]; counts: [string, number][] }): void {
    this.sums.clear();
    this.counts.clear();
    for (const [k, v] of state.sums) this.sums.set(k, v);
    for (const [k, v] of state.counts) this.counts.set(k, v);
  }

  /** The mean of each name added since the last `take`; NaN in, NaN out (so non-finite updates stay visible). */
  take(): Record<string, number> {
    const means: Record<string, number> = {};
    for (const [name, sum] of this.sums) means[name] = sum / this.counts.get(name)!;
    this.sums.clear();
    this.counts.clear();
    return means;
  }
}
