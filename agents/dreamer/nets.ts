import { MLP, TensorRng, uniformScaled } from '../../src/tensor/index.js';
import type { MlpConfig } from './config.js';

/** An MLP with `cfg.layers` hidden layers of `cfg.units`; `outDim` null keeps the last hidden layer as output. */
export function makeMlp(name: string, inDim: number, outDim: number | null, cfg: MlpConfig, rng: TensorRng, zeroOut = false): MLP {
  return new MLP(name, inDim, new Array<number>(cfg.layers).fill(cfg.units), outDim, {
    act: cfg.act,
    norm: cfg.norm,
    rng,
    // Zero-initialised outputs start reward/value heads at 0 (DreamerV3's outscale 0).
    ...(zeroOut ? { outInit: uniformScaled(0) } : {}),
  });
}
