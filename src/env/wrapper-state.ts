import type { Env } from './env.js';
import { Wrapper } from './wrapper.js';

/** A wrapper's fields that change between steps (counters, flags), JSON-ready. */
export type WrapperState = Record<string, number | boolean>;

/**
 * A wrapper that keeps counters or flags between steps (TimeLimit's elapsed steps, OrderEnforcing's reset flag)
 * gives them out and takes them back, so a checkpoint taken mid-episode restores the whole stack, not only the
 * env's own `state`. Wrappers that keep nothing between steps need neither method.
 */
export interface StatefulWrapper {
  getWrapperState(): WrapperState;
  setWrapperState(state: WrapperState): void;
}

function isStateful(env: Env): env is Env & StatefulWrapper {
  const w = env as Partial<StatefulWrapper>;
  return typeof w.getWrapperState === 'function' && typeof w.setWrapperState === 'function';
}

/** The wrappers of `env`, outermost first (the unwrapped env is not one). */
export function wrapperLayers(env: Env): Env[] {
  const layers: Env[] = [];
  for (let e: Env = env; e instanceof Wrapper; e = e.env as Env) layers.push(e);
  return layers;
}

/** Each layer's state, outermost first; null for a layer that keeps none. */
export function captureWrappers(env: Env): (WrapperState | null)[] {
  return wrapperLayers(env).map((w) => (isStateful(w) ? { ...w.getWrapperState() } : null));
}

/**
 * Restores `captureWrappers` output into a stack built the same way. Returns a description of the first
 * mismatch (another number of layers, a layer that keeps state where the saved one kept none), or undefined.
 */
export function restoreWrappers(env: Env, states: readonly (WrapperState | null)[]): string | undefined {
  const layers = wrapperLayers(env);
  if (layers.length !== states.length) return `${states.length} wrapper layers were saved, this env has ${layers.length}`;
  for (let i = 0; i < layers.length; i++) {
    const [layer, saved] = [layers[i]!, states[i]];
    if (isStateful(layer) !== (saved !== null && saved !== undefined)) return `wrapper layer ${i} (${layer.constructor.name}) does not match the saved one`;
  }
  layers.forEach((layer, i) => {
    if (isStateful(layer)) layer.setWrapperState(states[i]!);
  });
  return undefined;
}
