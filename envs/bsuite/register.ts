/**
 * The behaviour-suite ids (`bsuite/<task>-v0`), each with its episode limit. Every entry point takes the env's
 * kwargs as `make` passes them; the scale and noise variants fix their reward transform.
 */
import { register } from '../../src/env/registry.js';
import type { EnvFactory, EnvKwargs } from '../../src/env/spec.js';
import { CartPoleEnv } from '../classic/cartpole.js';
import { BanditEnv } from './bandit.js';
import { CatchEnv } from './catch.js';
import { DeepSeaEnv } from './deep-sea.js';
import { DiscountingChainEnv } from './discounting-chain.js';
import { MemoryLengthEnv } from './memory-length.js';
import { RewardTransformEnv, type RewardTransform } from './reward-transform.js';
import { UmbrellaEnv } from './umbrella.js';

const catchWith = (transform: RewardTransform): EnvFactory => (kwargs: EnvKwargs) => new RewardTransformEnv(new CatchEnv(kwargs), transform);
const cartPoleWith = (transform: RewardTransform): EnvFactory => (kwargs: EnvKwargs) =>
  new RewardTransformEnv(new CartPoleEnv(kwargs), transform);

/** Scale factors of the scale tasks and the noise of the noise tasks. */
export const SMALL_SCALE = 0.001;
export const LARGE_SCALE = 1000;
export const NOISE_STD = 1.0;

/** Every battery id with its entry point and episode limit. */
export const BSUITE_ENVS: readonly { id: string; entryPoint: EnvFactory; maxEpisodeSteps: number }[] = [
  { id: 'bsuite/catch-v0', entryPoint: (kw) => new CatchEnv(kw), maxEpisodeSteps: 10 },
  { id: 'bsuite/bandit-v0', entryPoint: (kw) => new BanditEnv(kw), maxEpisodeSteps: 1 },
  { id: 'bsuite/discounting_chain-v0', entryPoint: (kw) => new DiscountingChainEnv(kw), maxEpisodeSteps: 100 },
  { id: 'bsuite/umbrella-v0', entryPoint: (kw) => new UmbrellaEnv(kw), maxEpisodeSteps: 20 },
  { id: 'bsuite/memory_length-v0', entryPoint: (kw) => new MemoryLengthEnv(kw), maxEpisodeSteps: 10 },
  { id: 'bsuite/deep_sea-v0', entryPoint: (kw) => new DeepSeaEnv(kw), maxEpisodeSteps: 10 },
  { id: 'bsuite/catch_scale_small-v0', entryPoint: catchWith({ scale: SMALL_SCALE }), maxEpisodeSteps: 10 },
  { id: 'bsuite/catch_scale_large-v0', entryPoint: catchWith({ scale: LARGE_SCALE }), maxEpisodeSteps: 10 },
  { id: 'bsuite/cartpole_scale_small-v0', entryPoint: cartPoleWith({ scale: SMALL_SCALE }), maxEpisodeSteps: 500 },
  { id: 'bsuite/cartpole_scale_large-v0', entryPoint: cartPoleWith({ scale: LARGE_SCALE }), maxEpisodeSteps: 500 },
  { id: 'bsuite/catch_noise-v0', entryPoint: catchWith({ noiseStd: NOISE_STD }), maxEpisodeSteps: 10 },
  { id: 'bsuite/cartpole_noise-v0', entryPoint: cartPoleWith({ noiseStd: NOISE_STD }), maxEpisodeSteps: 500 },
];

export function registerBsuite(): void {
  for (const { id, entryPoint, maxEpisodeSteps } of BSUITE_ENVS) register(id, entryPoint, { maxEpisodeSteps });
}
