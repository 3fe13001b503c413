import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { checkResumeConfig } from '../../src/run/resume-policy.js';
import { ConfigError } from '../../src/util/errors.js';

const saved = loadConfig({ config: ['cartpole'] });
const resumedWith = (...overrides: string[]) => loadConfig({ config: ['cartpole'], overrides });

describe('checkResumeConfig', () => {
  it('lets a resume change run length, eval, logging, checkpoint and backend settings', () => {
    const next = resumedWith('run.steps=99999', 'run.eval_every=100', 'run.eval_episodes=3', 'log.sinks=[jsonl]', 'run.checkpoint_every=500', 'backend=cpu', 'threads=1');
    expect(() => checkResumeConfig(saved, next, 'ckpt')).not.toThrow();
  });

  it('refuses env, agent, replay, seed and train-ratio changes, naming each with both values', () => {
    for (const [override, key] of [
      ['env.id=Acrobot-v1', 'env.id'],
      ['agent.mlp.units=8', 'agent.mlp.units'],
      ['replay.seq_len=7', 'replay.seq_len'],
      ['run.seed=3', 'run.seed'],
      ['run.train_ratio=4.0', 'run.train_ratio'],
      ['env.kwargs={sutton_barto_reward: true}', 'env.kwargs'],
    ] as const) {
      const err = (() => {
        try {
          checkResumeConfig(saved, resumedWith(override), 'RUN/checkpoints/ckpt-1');
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err, override).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain(`--resume cannot change ${key}: `);
    }
  });
});
