import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DreamerAgent } from '../../../agents/dreamer/agent.js';
import type { SequenceBatch } from '../../../src/replay/index.js';
import { tinyConfig, toyBatch, useCpu } from './helpers.js';

beforeAll(useCpu);

/** Steps of world-model training on one fixed batch, and how far the loss terms must fall. */
const OVERFIT_STEPS = 30;
const RECON_FACTOR = 8;
const REWARD_FACTOR = 2;

/** One world-model update only (no actor-critic), its metrics. */
function modelStep(agent: DreamerAgent, batch: SequenceBatch): Record<string, number> {
  const { metrics, start, startCont } = agent.trainModel(batch);
  tf.dispose([start.deter, start.stoch, startCont]);
  return metrics;
}

describe('world model', () => {
  it('overfits one fixed batch: reconstruction falls 8x and reward 2x in 30 updates', () => {
    const cfg = tinyConfig('agent.model.lr=1.0e-2');
    const agent = new DreamerAgent(cfg.agent, 3, { kind: 'discrete', n: 2 }, 0);
    const batch = toyBatch();
    const first = modelStep(agent, batch);
    let last = first;
    for (let i = 0; i < OVERFIT_STEPS; i++) last = modelStep(agent, batch);
    expect(last['loss/recon']!).toBeLessThan(first['loss/recon']! / RECON_FACTOR);
    expect(last['loss/reward']!).toBeLessThan(first['loss/reward']! / REWARD_FACTOR);
    // The KL terms are floored at the free nats (1 per step) and never fall below them.
    expect(last['loss/dyn']!).toBeGreaterThanOrEqual(1 - 1e-6);
    expect(last['loss/rep']!).toBeGreaterThanOrEqual(1 - 1e-6);
  });

  it('reports every named loss term under loss/<key>, matching the loss scales', () => {
    const cfg = tinyConfig();
    const agent = new DreamerAgent(cfg.agent, 3, { kind: 'discrete', n: 2 }, 0);
    const m = agent.train(toyBatch());
    // prior_heads is reported only when on (test/agents/dreamer/prior-heads.test.ts)
    const keys = Object.keys(cfg.agent.loss_scales).filter((k) => k !== 'prior_heads');
    for (const k of keys) expect(Number.isFinite(m[`loss/${k}`])).toBe(true);
    const weighted = keys.reduce((s, k) => s + m[`loss/${k}`]! * cfg.agent.loss_scales[k as keyof typeof cfg.agent.loss_scales], 0);
    expect(m['loss/model']).toBeCloseTo(weighted, 4);
  });

  it.each(['categorical', 'gaussian', 'fullcov'])('trains with the %s latent without leaking tensors', (latent) => {
    const cfg = tinyConfig(`agent.rssm.latent=${latent}`);
    const agent = new DreamerAgent(cfg.agent, 3, { kind: 'continuous', dims: 2 }, 0);
    const batch = toyBatch();
    agent.train(batch);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const m = agent.train(batch);
      expect(Number.isFinite(m['loss/model'])).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives a larger continue loss when a terminal step is labelled as continuing', () => {
    // The continue head learns 1 - is_terminal: after fitting, flipping the labels must cost more.
    const cfg = tinyConfig('agent.model.lr=1.0e-2');
    const agent = new DreamerAgent(cfg.agent, 3, { kind: 'discrete', n: 2 }, 0);
    const batch = toyBatch();
    for (let i = 0; i < 25; i++) modelStep(agent, batch);
    const fitted = modelStep(agent, batch)['loss/cont']!;
    const flipped = { ...batch, isTerminal: batch.isTerminal.map((x) => 1 - x), cont: batch.cont.map((x) => 1 - x) };
    expect(modelStep(agent, flipped)['loss/cont']!).toBeGreaterThan(fitted * 5);
  });
});

describe('obsStep without episode starts', () => {
  beforeAll(useCpu);

  it('equals the step with an all-zero reset mask (acting skips the mask when no sub-env starts)', () => {
    const cfg = tinyConfig();
    const agent = new DreamerAgent(cfg.agent, 3, { kind: 'discrete', n: 2 }, 0);
    const rssm = agent.wm.rssm;
    tf.tidy(() => {
      const prev = { deter: tf.randomNormal([2, rssm.initial(2).deter.shape[1]!], 0, 1, 'float32', 1) as tf.Tensor2D, stoch: rssm.initial(2).stoch };
      const action = tf.tensor2d([[1, 0], [0, 1]]);
      const embed = agent.wm.embed(tf.tensor2d([[0.1, -0.2, 0.3], [1, 2, -3]]));
      const masked = rssm.obsStep(prev, action, embed, tf.zeros([2]) as tf.Tensor1D);
      const unmasked = rssm.obsStep(prev, action, embed, null);
      expect(Array.from(unmasked.state.deter.dataSync())).toEqual(Array.from(masked.state.deter.dataSync()));
      expect(Array.from(unmasked.stats.dataSync())).toEqual(Array.from(masked.stats.dataSync()));
      // and a real reset differs
      const reset = rssm.obsStep(prev, action, embed, tf.ones([2]) as tf.Tensor1D);
      expect(Array.from(reset.state.deter.dataSync())).not.toEqual(Array.from(unmasked.state.deter.dataSync()));
    });
  });
});
