import { CheckpointError } from '../util/errors.js';
import type { DType, Tensor } from './dtypes.js';

export interface TensorSpec {
  dtype: DType;
  shape: readonly number[];
}

/** Problems listed per tensor before giving up: enough to see the pattern, short enough to read. */
const MAX_LISTED = 8;

/**
 * Checks loaded tensors against what the model expects: every name present, nothing extra, shapes and dtypes
 * equal. Throws one CheckpointError listing what does not match (e.g. a checkpoint from another config).
 */
export function checkTensorSpecs(source: string, loaded: Record<string, Tensor>, expected: Record<string, TensorSpec>): void {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(expected)) {
    const t = loaded[name];
    if (!t) problems.push(`missing \`${name}\``);
    else if (t.dtype !== spec.dtype) problems.push(`\`${name}\` is ${t.dtype}, expected ${spec.dtype}`);
    else if (!sameShape(t.shape, spec.shape)) problems.push(`\`${name}\` has shape [${t.shape.join(', ')}], expected [${spec.shape.join(', ')}]`);
  }
  for (const name of Object.keys(loaded)) if (!(name in expected)) problems.push(`unexpected \`${name}\``);
  if (problems.length === 0) return;
  const listed = problems.slice(0, MAX_LISTED).join('; ');
  const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
  throw new CheckpointError(
    `${source} does not match this model: ${listed}${more}. Was it written with another config? Resume with the run's own config.yaml.`,
  );
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
