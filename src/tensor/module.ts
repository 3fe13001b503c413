import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '../util/errors.js';

/** One saved variable: enough to rebuild it and to check it against the model it is loaded into. */
export interface SavedTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

/** Weights by hierarchical name ('wm/encoder/dense0/kernel'), as written to and read from checkpoints. */
export type NamedWeights = Map<string, SavedTensor>;

/**
 * Base of every network piece. A module has a name, owns variables under local names and child modules; its
 * `variables()` map names each variable by its path ('wm/encoder/dense0/kernel'). Variables are the only tensors
 * that outlive a step; `dispose()` frees them.
 */
export abstract class Module {
  readonly name: string;
  private readonly ownVariables = new Map<string, tf.Variable>();
  private readonly children: Module[] = [];

  constructor(name: string) {
    if (!name || name.includes('/')) {
      throw new CheckpointError(`module name "${name}" must be non-empty and contain no '/'; pick a plain name.`);
    }
    this.name = name;
  }

  /** Registers `initial` as a trainable variable under `localName` (takes ownership of `initial`). */
  protected addVariable(localName: string, initial: tf.Tensor, trainable = true): tf.Variable {
    if (this.ownVariables.has(localName)) {
      throw new CheckpointError(`module "${this.name}" already has a variable "${localName}"; use a distinct name.`);
    }
    const variable = tf.variable(initial, trainable);
    initial.dispose();
    this.ownVariables.set(localName, variable);
    return variable;
  }

  /** Registers a child module; its variables appear under `<this.name>/<child.name>/...`. */
  protected addChild<M extends Module>(child: M): M {
    if (this.children.some((c) => c.name === child.name)) {
      throw new CheckpointError(`module "${this.name}" already has a child "${child.name}"; use a distinct name.`);
    }
    this.children.push(child);
    return child;
  }

  /** Every variable of this module and its children, by hierarchical name, in creation order. */
  variables(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    for (const [local, v] of this.ownVariables) out.set(`${this.name}/${local}`, v);
    for (const child of this.children) {
      for (const [path, v] of child.variables()) out.set(`${this.name}/${path}`, v);
    }
    return out;
  }

  /** The variables as a list (for `tf.variableGrads`). */
  variableList(): tf.Variable[] {
    return [...this.variables().values()];
  }

  /** Total number of scalar parameters. */
  numParams(): number {
    let n = 0;
    for (const v of this.variables().values()) n += v.size;
    return n;
  }

  /** A copy of every variable's values, by hierarchical name (reads the tensors synchronously). */
  getWeights(): NamedWeights {
    const out: NamedWeights = new Map();
    for (const [name, v] of this.variables()) {
      const dtype = v.dtype === 'int32' ? 'int32' : 'float32';
      // a copy: on the cpu backend dataSync() returns the variable's own storage
      out.set(name, { shape: [...v.shape], dtype, data: (v.dataSync() as Float32Array | Int32Array).slice() });
    }
    return out;
  }

  /**
   * Loads weights saved by `getWeights()`. All names must match exactly, with equal shapes and dtypes; otherwise
   * nothing is changed and a CheckpointError names every mismatch.
   */
  setWeights(weights: NamedWeights): void {
    const own = this.variables();
    const problems = weightMismatches(own, weights);
    if (problems.length > 0) {
      throw new CheckpointError(
        `cannot load weights into "${this.name}": ${problems.join('; ')}. ` +
          'The checkpoint was written by a model of a different configuration; load it with the config it was saved with.',
      );
    }
    for (const [name, v] of own) {
      const saved = weights.get(name) as SavedTensor;
      tf.tidy(() => v.assign(tf.tensor(saved.data, saved.shape, saved.dtype)));
    }
  }

  /** Frees every variable of this module and its children. */
  dispose(): void {
    for (const v of this.variables().values()) v.dispose();
  }
}

/** Human-readable differences between a model's variables and a set of saved weights. */
function weightMismatches(own: Map<string, tf.Variable>, weights: NamedWeights): string[] {
  const problems: string[] = [];
  for (const [name, v] of own) {
    const saved = weights.get(name);
    if (!saved) {
      problems.push(`missing "${name}"`);
      continue;
    }
    if (saved.shape.length !== v.shape.length || saved.shape.some((d, i) => d !== v.shape[i])) {
      problems.push(`"${name}" has shape [${saved.shape}] but the model expects [${v.shape}]`);
    } else if (saved.dtype !== v.dtype) {
      problems.push(`"${name}" has dtype ${saved.dtype} but the model expects ${v.dtype}`);
    } else if (saved.data.length !== v.size) {
      problems.push(`"${name}" holds ${saved.data.length} values for shape [${saved.shape}]`);
    }
  }
  for (const name of weights.keys()) if (!own.has(name)) problems.push(`unexpected "${name}"`);
  return problems;
}
