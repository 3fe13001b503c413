import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DreamerAgent } from '../../agents/dreamer/agent.js';
import { loadConfig } from '../../src/config/index.js';
import { dreamerWeights } from '../../agents/dreamer/weights.js';
import { SKIPPED_UPDATES } from '../../src/run/nonfinite.js';
import { train } from '../../src/run/train.js';
import { DreamerError } from '../../src/util/errors.js';
import { TINY, tinyConfig, toyBatch, useCpu } from '../agents/dreamer/helpers.js';

const RUN = [
  ...TINY,
  'backend=cpu',
  'run.steps=40',
  'run.prefill=10',
  'run.train_ratio=8.0',
  'run.eval_every=0',
  'run.log_every=10',
  'run.checkpoint_every=0',
  'replay.batch_size=2',
  'replay.seq_len=4',
  'log.sinks=[jsonl]',
];

beforeAll(useCpu);
afterEach(() => vi.restoreAllMocks());

describe('NaN/Inf updates', () => {
  it('a batch with a NaN observation changes no weight and no optimiser step', () => {
    const agent = new DreamerAgent(tinyConfig().agent, 3, { kind: 'discrete', n: 2 }, 0);
    const batch = toyBatch();
    batch.obs[5] = Number.NaN;
    const before = dreamerWeights(agent);
    const metrics = agent.train(batch);
    expect(Number.isNaN(metrics['loss/model'])).toBe(true);
    const after = dreamerWeights(agent);
    for (const [name, t] of Object.entries(before)) expect(Array.from(after[name]!.data as Float32Array), name).toEqual(Array.from(t.data as Float32Array));
    expect(agent.getState().model.step).toBe(0);
    // A finite batch then trains as usual.
    agent.train(toyBatch());
    expect(agent.getState().model.step).toBe(1);
  });

  it('a NaN/Inf behaviour update moves neither actor, critic nor slow critic', () => {
    const agent = new DreamerAgent(tinyConfig().agent, 3, { kind: 'discrete', n: 2 }, 0);
    const { start, startCont } = agent.trainModel(toyBatch());
    const nanCont = tf.fill(startCont.shape, Number.NaN) as tf.Tensor1D;
    const before = dreamerWeights(agent);
    const metrics = agent.behavior.train(start, nanCont);
    expect(Number.isFinite(metrics['loss/critic'])).toBe(false);
    const after = dreamerWeights(agent);
    const behaviourNames = Object.keys(before).filter((n) => /critic|actor/.test(n));
    expect(behaviourNames.some((n) => n.startsWith('slow_critic'))).toBe(true);
    for (const name of behaviourNames) expect(Array.from(after[name]!.data as Float32Array), name).toEqual(Array.from(before[name]!.data as Float32Array));
    tf.dispose([start.deter, start.stoch, startCont, nanCont]);
  });

  it('skipped updates are counted in the metrics, and the run stops after run.max_nonfinite_updates in a row', async () => {
    const nan = { 'loss/model': Number.NaN, 'grad_norm/model': Number.NaN };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // Every third update diverges: counted, never three in a row.
    let calls = 0;
    const real = DreamerAgent.prototype.train;
    vi.spyOn(DreamerAgent.prototype, 'train').mockImplementation(function (this: DreamerAgent, batch) {
      calls += 1;
      return calls % 3 === 0 ? nan : real.call(this, batch);
    });
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-nan-'));
    const result = await train(loadConfig({ config: ['cartpole'], overrides: [...RUN, 'run.max_nonfinite_updates=2'] }), { logdir, quiet: true });
    const records = readFileSync(join(logdir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(records.at(-1)![SKIPPED_UPDATES]).toBe(Math.floor(result.updates / 3));
    expect(warn).toHaveBeenCalledTimes(Math.floor(result.updates / 3));
    // No NaN reached the averaged losses.
    for (const r of records) if ('loss/model' in r) expect(Number.isFinite(r['loss/model'])).toBe(true);

    vi.spyOn(DreamerAgent.prototype, 'train').mockImplementation(() => nan);
    const failing = train(loadConfig({ config: ['cartpole'], overrides: [...RUN, 'run.max_nonfinite_updates=3'] }), { logdir: mkdtempSync(join(tmpdir(), 'dreamer-nan-')), quiet: true });
    await expect(failing).rejects.toThrow(DreamerError);
    await expect(failing).rejects.toThrow(/3 updates in a row had NaN\/Inf losses or gradients \(loss\/model, grad_norm\/model\).*run\.max_nonfinite_updates/);
  }, 30_000);
});
