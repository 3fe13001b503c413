/**
 * The `agent:` section of the config. Owned by the agent (agents/dreamer): to add a knob, write it with its
 * default and a one-line doc comment under `agent:` in configs/defaults.yaml, add its field to `AgentConfig`,
 * and, when the default cannot show it, its enum / minimum / type here (keys relative to `agent.`).
 */
import type { Annotation } from './annotation.js';

/** Typed view of the `agent:` section; fields mirror configs/defaults.yaml. */
export interface AgentConfig {
  [key: string]: unknown;
}

/** Constraints of agent keys beyond what their default shows, e.g. `'rssm.latent': { enum: ['gaussian', ...] }`. */
export const AGENT_ANNOTATIONS: Readonly<Record<string, Annotation>> = {};
