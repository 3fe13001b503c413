import { TINY } from '../agents/dreamer/helpers.js';

/** A short seeded run on the cpu backend: 80 env steps, 40 of them random prefill, a log record and an eval every 40. */
export const SMOKE = [
  ...TINY,
  'backend=cpu',
  'run.steps=80',
  'run.prefill=40',
  'run.train_ratio=8.0',
  'run.eval_every=40',
  'run.eval_episodes=1',
  'run.log_every=40',
  'replay.batch_size=2',
  'replay.seq_len=8',
  'env.max_episode_steps=30',
  'log.sinks=[jsonl]',
];
