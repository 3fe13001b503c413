import type { AgentConfig } from '../../src/config/agent.js';

/**
 * The Dreamer agent's config and the slice each component reads. The keys, their defaults and one-line docs live
 * once, under `agent:` in configs/defaults.yaml; `AgentConfig` (src/config/agent.ts) is the loader's typed view of
 * that section, and these names are its slices, so a knob is added in defaults.yaml and that one interface.
 * Components take their slice as it is: no key copying.
 */
export type DreamerConfig = AgentConfig;

/** Shape of every MLP of the agent: hidden layers, width, activation, norm (`agent.mlp`). */
export type MlpConfig = AgentConfig['mlp'];

/** The RSSM and its latent (`agent.rssm`); its MLPs use `agent.mlp`'s activation and norm. */
export type RssmConfig = AgentConfig['rssm'];

/** World-model heads, loss and optimiser (`agent.model`). */
export type ModelConfig = AgentConfig['model'];

/** Weights of the world-model loss terms (`agent.loss_scales`). */
export type LossScales = AgentConfig['loss_scales'];

/** The image encoder and decoder (`agent.cnn`): depth multiplier, channel multiplier per stage, kernel size. */
export type CnnConfig = AgentConfig['cnn'];

/** What the world model reads. */
export type WorldModelConfig = Pick<AgentConfig, 'rssm' | 'mlp' | 'model' | 'loss_scales' | 'cnn'>;

/** Imagination, actor, critic and their optimisers (`agent.behavior`). */
export type BehaviorConfig = AgentConfig['behavior'];

/** The gradient estimator of the actor once `auto` is resolved for the action space. */
export type ActorGrad = Exclude<BehaviorConfig['actor_grad'], 'auto'>;

