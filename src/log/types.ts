/** One moment of a run: env steps so far, seconds since the run started, and the scalars of that moment. */
export interface MetricRecord {
  /** env steps so far (summed over sub-envs) */
  step: number;
  /** seconds since the run started (continues across resumes) */
  time: number;
  /** Unix time in seconds when the record was made (TensorBoard's wall_time) */
  wallTime: number;
  /** named scalars, e.g. `episode/return`, `loss/dyn`, `fps`; NaN and ±Infinity are allowed */
  scalars: Record<string, number>;
}

/** Where records go: a file format or the console. */
export interface MetricSink {
  write(record: MetricRecord): void;
  /** Writes out anything buffered and releases the file. */
  close(): void;
}
