/**
 * The schema of the `agent:` section. To add a knob: write it with its default and a one-line doc comment under
 * `agent:` in configs/defaults.yaml, add its field to `AgentConfig`, and, when the default cannot show it, its
 * enum / minimum / type in `AGENT_ANNOTATIONS` (keys relative to `agent.`). The Dreamer components read their
 * slices of `AgentConfig` as they are (`cfg.rssm`, `cfg.behavior`, ...; named in agents/dreamer/config.ts), so
 * nothing else needs the new key. (The type stays here, with the loader: src/ does not import agents/.)
 */
import type { Annotation } from './annotation.js';

export const AGENT_KINDS = ['dreamer', 'random'] as const;
export const LATENT_KINDS = ['categorical', 'gaussian', 'fullcov'] as const;
export const ACTIVATIONS = ['silu', 'elu', 'relu', 'tanh'] as const;
export const NORM_KINDS = ['layer', 'rms', 'none'] as const;
export const REWARD_HEADS = ['twohot', 'mse'] as const;
export const ACTOR_GRADS = ['auto', 'reinforce', 'dynamics'] as const;

/** Typed view of the `agent:` section; fields mirror configs/defaults.yaml. */
export interface AgentConfig {
  kind: (typeof AGENT_KINDS)[number];
  rssm: {
    latent: (typeof LATENT_KINDS)[number];
    groups: number;
    classes: number;
    unimix: number;
    size: number;
    min_std: number;
    deter: number;
    hidden: number;
  };
  cnn: { depth: number; mults: number[]; kernel: number };
  mlp: { layers: number; units: number; act: (typeof ACTIVATIONS)[number]; norm: (typeof NORM_KINDS)[number] };
  model: {
    symlog_inputs: boolean;
    reward_head: (typeof REWARD_HEADS)[number];
    bins: number;
    free_nats: number;
    lr: number;
    eps: number;
    clip: number;
  };
  loss_scales: { recon: number; reward: number; cont: number; dyn: number; rep: number; prior_heads: number };
  behavior: {
    horizon: number;
    gamma: number;
    lambda: number;
    actor_grad: (typeof ACTOR_GRADS)[number];
    entropy: number;
    unimix: number;
    min_std: number;
    max_std: number;
    slow_critic_rate: number;
    slow_critic_reg: number;
    return_norm_decay: number;
    actor_lr: number;
    critic_lr: number;
    eps: number;
    clip: number;
  };
}

const positive = { min: Number.MIN_VALUE };
const fraction = { min: 0, max: 1 };

/** Constraints of agent keys beyond what their default shows, e.g. `'rssm.latent': { enum: ['gaussian', ...] }`. */
export const AGENT_ANNOTATIONS: Readonly<Record<string, Annotation>> = {
  kind: { enum: AGENT_KINDS },
  'rssm.latent': { enum: LATENT_KINDS },
  'rssm.groups': { min: 1 },
  'rssm.classes': { min: 2 },
  'rssm.unimix': fraction,
  'rssm.size': { min: 1 },
  'rssm.min_std': positive,
  'rssm.deter': { min: 1 },
  'rssm.hidden': { min: 1 },
  'cnn.depth': { min: 1 },
  'cnn.mults': { items: { type: 'int' } },
  'cnn.kernel': { min: 1 },
  'mlp.layers': { min: 0 },
  'mlp.units': { min: 1 },
  'mlp.act': { enum: ACTIVATIONS },
  'mlp.norm': { enum: NORM_KINDS },
  'model.reward_head': { enum: REWARD_HEADS },
  'model.bins': { min: 2 },
  'model.free_nats': { min: 0 },
  'model.lr': positive,
  'model.eps': positive,
  'model.clip': positive,
  'behavior.horizon': { min: 1 },
  'behavior.gamma': fraction,
  'behavior.lambda': fraction,
  'behavior.actor_grad': { enum: ACTOR_GRADS },
  'behavior.entropy': { min: 0 },
  'behavior.unimix': fraction,
  'behavior.min_std': positive,
  'behavior.max_std': positive,
  'behavior.slow_critic_rate': fraction,
  'behavior.slow_critic_reg': { min: 0 },
  'behavior.return_norm_decay': fraction,
  'behavior.actor_lr': positive,
  'behavior.critic_lr': positive,
  'behavior.eps': positive,
  'behavior.clip': positive,
};
