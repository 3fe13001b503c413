import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { train } from '../../src/run/train.js';
import { metricsWithoutTime } from './metrics-file.js';
import { SMOKE } from './smoke-config.js';



describe('train', () => {
  it('a seeded run is reproducible: the same metrics twice, and no tensors left behind', async () => {
    const cfg = loadConfig({ config: ['cartpole'], overrides: SMOKE });
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'dreamer-train-')));
    await train(cfg, { logdir: dirs[0]!, quiet: true });
    const tensorsAfterFirst = tf.memory().numTensors;
    const result = await train(cfg, { logdir: dirs[1]!, quiet: true });
    const [a, b] = dirs.map(metricsWithoutTime);
    expect(a).toEqual(b);
    expect(result.updates).toBe((80 * 8) / (2 * 8));
    // Every record carries the env step; evals, episodes, losses and the train ratio are all there.
    const keys = new Set(a!.flatMap((r) => Object.keys(r)));
    for (const k of ['step', 'episode/return', 'episode/length', 'eval/return_mean', 'eval/return_std', 'eval/length_mean', 'loss/recon', 'loss/dyn', 'loss/actor', 'train/ratio']) {
      expect(keys).toContain(k);
    }
    const last = a!.filter((r) => 'train/ratio' in r).at(-1)!;
    expect(last['train/ratio']).toBeCloseTo(8, 0);
    expect(readFileSync(join(dirs[0]!, 'config.yaml'), 'utf8')).toContain('train_ratio: 8');
    // The second run builds a fresh agent; the first one's variables remain, but nothing grows per run besides them.
    expect(tf.memory().numTensors - tensorsAfterFirst).toBeLessThanOrEqual(tensorsAfterFirst);
  });

  it('the random agent runs the same loop without training', async () => {
    const cfg = loadConfig({ config: ['cartpole'], overrides: [...SMOKE, 'agent.kind=random'] });
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-random-'));
    const result = await train(cfg, { logdir: dir, quiet: true });
    expect(result.updates).toBe(0);
    expect(result.evals.length).toBe(2);
    // Random CartPole episodes end early: far from the 30-step cap on average.
    expect(result.evals.every(([, r]) => r > 0 && r <= 30)).toBe(true);
  });

  it('says so when many updates fall due at once after the prefill, and not when few do', async () => {
    const output = (prefill: number): Promise<string> => {
      let text = '';
      const stream = { write: (chunk: string): boolean => ((text += chunk), true) };
      const cfg = loadConfig({ config: ['cartpole'], overrides: [...SMOKE, `run.prefill=${prefill}`, 'run.steps=44'] });
      return train(cfg, { logdir: mkdtempSync(join(tmpdir(), 'dreamer-catchup-')), quiet: true, stream }).then(() => text);
    };
    // 2 env steps per update (batch 2 x 8 replayed steps, train ratio 8): 40 prefill steps -> 20 updates due at once.
    expect(await output(40)).toContain('training: 20 updates due at once after the prefill (train ratio 8)');
    expect(await output(4)).not.toContain('updates due at once');
  });
});
