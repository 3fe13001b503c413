import type { AdamState } from '../../src/tensor/index.js';
import { dreamerWeights, loadDreamerWeights } from '../../src/run/checkpoint/dreamer-weights.js';
import type { LoadedCheckpoint, NamedTensors } from '../../src/run/checkpoint.js';
import { CheckpointError } from '../../src/util/errors.js';
import type { DreamerAgent, DreamerAgentState } from './agent.js';

/**
 * A Dreamer agent's training state as checkpoint parts: `weights.safetensors` (every network, slow critic
 * included), `optimizer.safetensors` (Adam moments as '<optimiser>/m/<variable>' and '.../v/...') and
 * `agent.json` (step counts, RNG position, return-normaliser statistics).
 */
export const OPTIMIZER_STEM = 'optimizer';
export const AGENT_JSON = 'agent';
const WEIGHTS = 'weights';

interface AgentJson {
  rng: DreamerAgentState['rng'];
  steps: { model: number; actor: number; critic: number };
  returnNorm: DreamerAgentState['behavior']['returnNorm'];
}

export function agentParts(agent: DreamerAgent): { tensors: Record<string, NamedTensors>; json: Record<string, unknown> } {
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
  return { tensors: { [WEIGHTS]: dreamerWeights(agent), [OPTIMIZER_STEM]: moments }, json: { [AGENT_JSON]: json } };
}

/** Restores `agentParts` output into an agent built from the same config (CheckpointError on any mismatch). */
export function restoreAgent(agent: DreamerAgent, ckpt: LoadedCheckpoint): void {
  const weights = ckpt.tensors[WEIGHTS];
  const moments = ckpt.tensors[OPTIMIZER_STEM];
  const json = ckpt.json[AGENT_JSON] as AgentJson | undefined;
  if (!weights || !moments || !json) {
    throw new CheckpointError(`${ckpt.path} lacks ${WEIGHTS}.safetensors, ${OPTIMIZER_STEM}.safetensors or ${AGENT_JSON}.json: it cannot resume a dreamer run; pick a checkpoint written by \`dreamer train\`.`);
  }
  loadDreamerWeights(agent, weights, ckpt.path);
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
