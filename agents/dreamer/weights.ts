import type { Module, NamedWeights } from '../../src/tensor/module.js';
import { CheckpointError } from '../../src/util/errors.js';
import type { NamedTensors } from '../api.js';
import type { DreamerAgent } from './agent.js';

/**
 * The weights of a Dreamer agent as one safetensors file: every variable of the world model, the actor, the
 * critic and the slow critic under its module path ('wm/encoder/dense0/kernel', 'actor/...', 'slow_critic/...').
 * Enough to act (eval) and to imagine (dream); resuming training also needs the optimiser and RNG state.
 */
function networks(agent: DreamerAgent): Module[] {
  const b = agent.behavior;
  return [agent.wm, b.actor, b.critic, b.slowCritic];
}

export function dreamerWeights(agent: DreamerAgent): NamedTensors {
  const out: NamedTensors = {};
  for (const m of networks(agent)) {
    for (const [name, w] of m.getWeights()) out[name] = { dtype: w.dtype === 'int32' ? 'I32' : 'F32', shape: [...w.shape], data: w.data };
  }
  return out;
}

/**
 * Loads `dreamerWeights` output into an agent built from the same config. Each network checks its names, shapes
 * and dtypes (CheckpointError listing the mismatches); names of no network are reported too.
 */
export function loadDreamerWeights(agent: DreamerAgent, weights: NamedTensors, source: string): void {
  const mods = networks(agent);
  const stray = Object.keys(weights).filter((name) => !mods.some((m) => name.startsWith(`${m.name}/`)));
  if (stray.length > 0) {
    throw new CheckpointError(`${source} holds weights of no network of this agent (${stray.slice(0, 5).join(', ')}): it was written by another kind of agent; load it with its own run config.`);
  }
  for (const m of mods) {
    const own: NamedWeights = new Map();
    for (const [name, t] of Object.entries(weights)) {
      if (!name.startsWith(`${m.name}/`)) continue;
      if (t.dtype !== 'F32' && t.dtype !== 'I32') throw new CheckpointError(`${source}: \`${name}\` is ${t.dtype}, expected F32: the file was not written by dreamer-ts.`);
      own.set(name, { dtype: t.dtype === 'I32' ? 'int32' : 'float32', shape: t.shape, data: t.data as Float32Array | Int32Array });
    }
    m.setWeights(own);
  }
}
