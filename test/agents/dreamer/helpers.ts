import * as tf from '@tensorflow/tfjs';
import { loadConfig, type Config } from '../../../src/config/index.js';
import type { SequenceBatch } from '../../../src/replay/index.js';

/**
 * The training knobs the agent tests (and their recorded numbers in pinned.test.ts) were written against: the
 * defaults before configs/defaults.yaml became the one default config (issue 14). `tinyConfig` pins them so the
 * agent tests say what they test whatever the defaults are; a test that is about a knob overrides it itself. `TINY`
 * alone is only the network sizes, so a run test that starts from a preset keeps that preset's knobs.
 */
export const PRE_DEFAULT_KNOBS = [
  'replay.seq_len=64',
  'agent.mlp.norm=layer',
  'agent.model.lr=1e-4',
  'agent.behavior.gamma=0.997',
  'agent.behavior.actor_grad=auto',
  'agent.behavior.actor_lr=3e-5',
  'agent.behavior.critic_lr=3e-5',
];

/** Tiny networks so the agent tests run in seconds on the cpu backend. */
export const TINY = [
  'agent.rssm.deter=16',
  'agent.rssm.hidden=16',
  'agent.rssm.groups=4',
  'agent.rssm.classes=4',
  'agent.rssm.size=4',
  'agent.mlp.units=16',
  'agent.mlp.layers=1',
  'agent.model.bins=31',
  'agent.behavior.horizon=5',
];

export function tinyConfig(...overrides: string[]): Config {
  return loadConfig({ overrides: [...TINY, ...PRE_DEFAULT_KNOBS, ...overrides] });
}

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/**
 * A fixed batch from a deterministic toy system: obs_t = [sin(t/3 + b), cos(t/3 + b), a_{t-1}], reward = obs[0],
 * the episode starts at t = 0 and terminates at the last step of odd rows.
 */
export function toyBatch(b = 4, t = 8): SequenceBatch {
  const obsDim = 3;
  const actionDim = 2;
  const batch: SequenceBatch = {
    batchSize: b,
    seqLen: t,
    obsDim,
    actionDim,
    obs: new Float32Array(b * t * obsDim),
    action: new Float32Array(b * t * actionDim),
    reward: new Float32Array(b * t),
    isFirst: new Float32Array(b * t),
    isLast: new Float32Array(b * t),
    isTerminal: new Float32Array(b * t),
    cont: new Float32Array(b * t),
  };
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < t; j++) {
      const row = i * t + j;
      const act = j === 0 ? -1 : (i + j) % 2;
      if (act >= 0) batch.action[row * actionDim + act] = 1;
      batch.obs.set([Math.sin(j / 3 + i), Math.cos(j / 3 + i), Math.max(act, 0)], row * obsDim);
      batch.reward[row] = j === 0 ? 0 : Math.sin(j / 3 + i);
      batch.isFirst[row] = j === 0 ? 1 : 0;
      const terminal = j === t - 1 && i % 2 === 1 ? 1 : 0;
      batch.isTerminal[row] = terminal;
      batch.isLast[row] = terminal;
      batch.cont[row] = 1 - terminal;
    }
  }
  return batch;
}
