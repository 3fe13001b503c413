import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DreamerAgent } from '../../../agents/dreamer/agent.js';
import type { SequenceBatch } from '../../../src/replay/index.js';
import { tinyConfig, toyBatch, useCpu } from './helpers.js';

beforeAll(useCpu);

/** One world-model update only (no actor-critic), its metrics. */
function modelStep(agent: DreamerAgent, batch: SequenceBatch): Record<string, number> {
  const { metrics, start, startCont } = agent.trainModel(batch);
  tf.dispose([start.deter, start.stoch, startCont]);
  return metrics;
}

/** Copies of the world model's variables whose name contains `part`. */
function snapshot(agent: DreamerAgent, part: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, v] of agent.wm.variables()) if (name.includes(part)) out.set(name, Float32Array.from(v.dataSync()));
  return out;
}

function largestChange(before: Map<string, Float32Array>, after: Map<string, Float32Array>): number {
  let most = 0;
  for (const [name, b] of before) {
    const a = after.get(name)!;
    for (let i = 0; i < b.length; i++) most = Math.max(most, Math.abs(a[i]! - b[i]!));
  }
  return most;
}

const ONLY_PRIOR_HEADS = ['recon', 'reward', 'cont', 'dyn', 'rep'].map((k) => `agent.loss_scales.${k}=0`);

describe('loss_scales.prior_heads: the reward and continue heads trained on prior features', () => {
  it('is off by default: no loss/prior_heads metric, and loss/model is the five weighted terms', () => {
    const cfg = tinyConfig();
    expect(cfg.agent.loss_scales.prior_heads).toBe(0);
    const m = modelStep(new DreamerAgent(cfg.agent, 3, { kind: 'discrete', n: 2 }, 0), toyBatch());
    expect(m).not.toHaveProperty('loss/prior_heads');
    const s = cfg.agent.loss_scales;
    const weighted = m['loss/recon']! * s.recon + m['loss/reward']! * s.reward + m['loss/cont']! * s.cont + m['loss/dyn']! * s.dyn + m['loss/rep']! * s.rep;
    expect(m['loss/model']).toBeCloseTo(weighted, 4);
  });

  it('when on, is logged and counted in loss/model with its scale', () => {
    const cfg = tinyConfig('agent.loss_scales.prior_heads=0.5');
    const m = modelStep(new DreamerAgent(cfg.agent, 3, { kind: 'discrete', n: 2 }, 0), toyBatch());
    expect(m['loss/prior_heads']).toBeGreaterThan(0);
    const s = cfg.agent.loss_scales;
    const weighted = m['loss/recon']! * s.recon + m['loss/reward']! * s.reward + m['loss/cont']! * s.cont + m['loss/dyn']! * s.dyn + m['loss/rep']! * s.rep;
    expect(m['loss/model']).toBeCloseTo(weighted + 0.5 * m['loss/prior_heads']!, 4);
  });

  it('trains the prior and the reward head through the prior\'s sample (and nothing moves when its scale is 0 too)', () => {
    for (const [scale, moves] of [[1, true], [0, false]] as const) {
      const cfg = tinyConfig(...ONLY_PRIOR_HEADS, `agent.loss_scales.prior_heads=${scale}`, 'agent.model.lr=1.0e-2');
      const agent = new DreamerAgent(cfg.agent, 3, { kind: 'discrete', n: 2 }, 0);
      const [prior, reward, decoder] = ['prior', 'reward', 'decoder'].map((p) => snapshot(agent, p));
      expect(prior!.size).toBeGreaterThan(0);
      expect(reward!.size).toBeGreaterThan(0);
      modelStep(agent, toyBatch());
      expect(largestChange(prior!, snapshot(agent, 'prior')) > 0).toBe(moves);
      expect(largestChange(reward!, snapshot(agent, 'reward')) > 0).toBe(moves);
      // the decoder is not on this term's path: it never moves here
      expect(largestChange(decoder!, snapshot(agent, 'decoder'))).toBe(0);
    }
  });

  it('falls when trained on one fixed batch, without leaking tensors', () => {
    const cfg = tinyConfig('agent.loss_scales.prior_heads=1', 'agent.model.lr=1.0e-2');
    const agent = new DreamerAgent(cfg.agent, 3, { kind: 'discrete', n: 2 }, 0);
    const batch = toyBatch();
    const first = modelStep(agent, batch);
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 30; i++) last = modelStep(agent, batch);
    expect(tf.memory().numTensors).toBe(before);
    expect(last['loss/prior_heads']!).toBeLessThan(first['loss/prior_heads']! / 2);
  });
});
