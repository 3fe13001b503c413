import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DreamerAgent } from '../../agents/dreamer/agent.js';
import { loadConfig } from '../../src/config/index.js';
import { loadCheckpoint } from '../../src/run/checkpoint.js';
import { train } from '../../src/run/train.js';
import { loadAgentFrom } from '../../src/run/trained-on.js';
import { CheckpointError } from '../../src/util/errors.js';
import { TINY, useCpu } from '../agents/dreamer/helpers.js';
import { OLD_RUN } from './fixtures/old-checkpoint-run.js';

const REACHER = { env: './reacher.ts', obs: 6, actions: 4 };

function loadError(path: string): Error {
  const cfg = loadConfig({ overrides: TINY });
  const agent = new DreamerAgent(cfg.agent, REACHER.obs, { kind: 'continuous', dims: REACHER.actions }, 1);
  try {
    loadAgentFrom(agent, loadCheckpoint(path), 'policy', REACHER);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the load to fail');
}

beforeAll(useCpu);

describe('a checkpoint of another env', () => {
  it('is refused with the env it was trained on and this run\'s env, before any tensor shape', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'dreamer-trained-on-'));
    await train(loadConfig({ config: ['cartpole'], overrides: [...OLD_RUN, 'run.steps=20'] }), { logdir, quiet: true });
    const err = loadError(logdir);
    expect(err).toBeInstanceOf(CheckpointError);
    expect(err.message).toMatch(/ckpt-0+20 was trained on CartPole-v1 \(obs 4, actions 2\); this run is \.\/reacher\.ts \(obs 6, actions 4\): a checkpoint loads only into the env it was trained on\. Use env\.id=CartPole-v1/);
    expect(err.message).not.toContain('shape');
  }, 30_000);

  it('written before the record, is named by its config\'s env id first', () => {
    const err = loadError(join(import.meta.dirname, '..', 'fixtures', 'checkpoint-v1', 'dreamer'));
    expect(err).toBeInstanceOf(CheckpointError);
    expect(err.message.startsWith('the checkpoint was trained on CartPole-v1; this run is ./reacher.ts (obs 6, actions 4). ')).toBe(true);
  });
});
