import type { Bench } from './bench.js';

/** Every benchmark, by name. Add one line per benchmark file. */
export const benches: Bench[] = [];
