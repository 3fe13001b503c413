/**
 * The random generator every env and space owns: a port of NumPy's
 * `np.random.Generator(PCG64(SeedSequence(seed)))`, so that a seed gives the same numbers as Python.
 * The implementation lives in ./pcg64.ts; this file fixes the contract the rest of the code relies on.
 */
export interface RandomGenerator {
  /** `rng.random(size)`: doubles in [0, 1), NumPy's `(next_u64 >> 11) * 2^-53`. */
  random(size: number): Float64Array;
  /** `rng.uniform(low, high, size)`: `low + (high - low) * random()`, drawn in order. */
  uniform(low: number, high: number, size: number): Float64Array;
  /** `rng.integers(low, high, size)` (high exclusive), NumPy's bounded-integer algorithm. */
  integers(low: number, high: number, size: number): Float64Array;
  /** `rng.normal(loc, scale, size)`, NumPy's ziggurat. */
  normal(loc: number, scale: number, size: number): Float64Array;
  /** `rng.standard_exponential(size)` (= `rng.exponential(1.0, size)`), NumPy's ziggurat. */
  standardExponential(size: number): Float64Array;
  /** The whole state, JSON-serialisable, for checkpoints; `setState` restores it exactly. */
  getState(): GeneratorState;
  setState(state: GeneratorState): void;
}

/** PCG64 state as decimal strings (128-bit integers do not fit a JSON number). */
export interface GeneratorState {
  bitGenerator: 'PCG64';
  state: string;
  inc: string;
  /** NumPy keeps one spare 32-bit half for `random_raw` of uint32; kept for exactness. */
  hasUint32: boolean;
  uinteger: number;
}
