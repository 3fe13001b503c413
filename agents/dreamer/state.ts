import { join } from 'node:path';
import type { AdamState } from '../../src/tensor/index.js';
import { CheckpointError } from '../../src/util/errors.js';
import type { AgentParts, LoadScope, NamedTensors } from '../api.js';
import type { DreamerAgent, DreamerAgentState } from './agent.js';
import { dreamerWeights, loadDreamerWeights } from './weights.js';

/**
 * A Dreamer agent's training state as checkpoint parts: `weights.safetensors` (every network, slow critic
 * included), `optimizer.safetensors` (Adam moments as '<optimiser>/m/<variable>' and '.../v/...') and
 * `agent.json` (step counts, RNG position, return-normaliser statistics).
 */
export const OPTIMIZER_STEM = 'optimizer';
export const AGENT_JSON = 'agent';
export const WEIGHTS_STEM = 'weights';

interface AgentJson {
  rng: DreamerAgentState['rng'];
  steps: { model: number; actor: number; critic: number };
  returnNorm: DreamerAgentState['behavior']['returnNorm'];
}

export function agentParts(agent: DreamerAgent): AgentParts {
  const s = agent.getState();
  const moments: NamedTensors = {};
  const opts = { model: s.model, actor: s.behavior.actor, critic: s.behavior.critic };
  for (const [opt, state] of Object.entries(opts)) {
    for (const kind of ['m', 'v'] as const) {
      for (const [name, data] of state[kind]) moments[`${opt}/${kind}/${name}`] = { dtype: 'F32', shape: [data.length], data };
    }
  }
  const json: AgentJson = {
    rng: s.rng,
    steps: { model: s.model.step, actor: s.behavior.actor.step, critic: s.behavior.critic.step },
    returnNorm: s.behavior.returnNorm,
  };
  return { tensors: { [WEIGHTS_STEM]: dreamerWeights(agent), [OPTIMIZER_STEM]: moments }, json: { [AGENT_JSON]: json } };
}

/**
 * Restores `agentParts` output into an agent built from the same config (CheckpointError on any mismatch):
 * the weights only for `policy`, everything for `training`. `source` is the checkpoint folder.
 */
export function restoreAgent(agent: DreamerAgent, parts: AgentParts, scope: LoadScope, source: string): void {
  const weights = parts.tensors[WEIGHTS_STEM];
  if (scope === 'policy') {
    if (!weights) throw new CheckpointError(`${source} has no ${WEIGHTS_STEM}.safetensors: it holds no Dreamer weights; pick a checkpoint of a dreamer run.`);
    loadDreamerWeights(agent, weights, join(source, `${WEIGHTS_STEM}.safetensors`));
    return;
  }
  const moments = parts.tensors[OPTIMIZER_STEM];
  const json = parts.json[AGENT_JSON] as AgentJson | undefined;
  if (!weights || !moments || !json) {
    throw new CheckpointError(`${source} lacks ${WEIGHTS_STEM}.safetensors, ${OPTIMIZER_STEM}.safetensors or ${AGENT_JSON}.json: it cannot resume a dreamer run; pick a checkpoint written by \`dreamer train\`.`);
  }
  loadDreamerWeights(agent, weights, source);
  const adam = (opt: keyof AgentJson['steps']): AdamState => {
    const m = new Map<string, Float32Array>();
    const v = new Map<string, Float32Array>();
    for (const [key, t] of Object.entries(moments)) {
      const [head, kind, ...rest] = key.split('/');
      if (head !== opt) continue;
      (kind === 'm' ? m : v).set(rest.join('/'), t.data as Float32Array);
    }
    return { step: json.steps[opt], m, v };
  };
  agent.setState({ rng: json.rng, model: adam('model'), behavior: { actor: adam('actor'), critic: adam('critic'), returnNorm: json.returnNorm } });
}
