/**
 * The agent registry: `agent.kind` -> how to build it. The one file outside agents/<name>/ that imports a
 * concrete agent; the run loop, checkpoints, `eval` and `dream` go through `createAgent` and the contract in
 * agents/api.ts. To add an agent: implement `Agent` in agents/<name>/, add its kind here and to AGENT_KINDS in
 * src/config/agent.ts with its config section in configs/defaults.yaml.
 */
import type { AgentConfig } from '../src/config/agent.js';
import { ConfigError } from '../src/util/errors.js';
import type { ActionSpec, Agent, AgentParts, ObsLayout } from './api.js';
import { DreamerAgent } from './dreamer/agent.js';
import { RANDOM_JSON, RandomAgent } from './random/agent.js';

export * from './api.js';
export { DreamerAgent, RandomAgent };

/** What every agent is built from. */
export interface AgentContext {
  config: AgentConfig;
  /** O: observations are flat float rows of this size */
  obsSize: number;
  /** The entries of a row (vectors and uint8 images); absent: one vector entry of obsSize. */
  obsLayout?: ObsLayout;
  actionSpec: ActionSpec;
  seed: number;
  /** The run's uniform-random prefill policy (`createExplorer`), for agents that continue its stream. */
  explorer: Agent;
}

export interface AgentEntry {
  create(ctx: AgentContext): Agent;
  /** false: `train` learns nothing, so the run takes no updates (and samples no batches) */
  learns: boolean;
}

export const AGENTS: Record<AgentConfig['kind'], AgentEntry> = {
  dreamer: { create: (ctx) => new DreamerAgent(ctx.config, ctx.obsLayout ?? ctx.obsSize, ctx.actionSpec, ctx.seed), learns: true },
  // The baseline is the explorer itself: one generator from the first prefill step to the end of the run.
  random: { create: (ctx) => ctx.explorer, learns: false },
};

export function agentEntry(kind: AgentConfig['kind']): AgentEntry {
  const entry = AGENTS[kind] as AgentEntry | undefined;
  if (!entry) throw new ConfigError(`agent.kind "${kind}" is not an agent of this build (${Object.keys(AGENTS).join(', ')}): pick one of those.`);
  return entry;
}

export function createAgent(ctx: AgentContext): Agent {
  return agentEntry(ctx.config.kind).create(ctx);
}

/** The uniform-random policy every run fills its replay with before training (`run.prefill`), holding each action `hold` steps (`run.prefill_hold`). */
export function createExplorer(actionSpec: ActionSpec, seed: number, hold = 1): Agent {
  return new RandomAgent(actionSpec, seed, hold);
}

/** The explorer's checkpoint part, as checkpoints before the agent contract kept it (bare, in run.json). */
export function legacyExplorerParts(state: unknown): AgentParts {
  return { tensors: {}, json: { [RANDOM_JSON]: state } };
}
