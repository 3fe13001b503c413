/**
 * How fast the world model fits a task's reward, without the actor-critic: collects `STEPS` random-policy env steps
 * (default 5000) with the run's own driver and replay, then trains only the world model and, every 100 updates,
 * prints the training losses and, on a fresh batch of 64 sequences, the mean absolute error of the predicted reward
 * (posterior features) next to the mean |reward|. Used to find why Pendulum did not learn (docs/results.md).
 *
 *   npx tsx bench/wm-fit.ts --config pendulum [key=value ...]      # UPDATES=600 STEPS=5000 by default
 */
import * as tf from '@tensorflow/tfjs';
import { DreamerAgent, timeMajor } from '../agents/dreamer/agent.js';
import { loadConfig } from '../src/config/index.js';
import type { SequenceBatch } from '../src/replay/index.js';
import { buildRun } from '../src/run/setup.js';
import { initBackend } from '../src/tensor/backend.js';
import { ConfigError } from '../src/util/errors.js';

const TEST_SEQUENCES = 64;
const REPORT_EVERY = 100;

const args = process.argv.slice(2);
const at = args.indexOf('--config');
const preset = at >= 0 ? args[at + 1] : undefined;
const overrides = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1));
const cfg = loadConfig({ config: preset, overrides });
await initBackend(cfg.backend, { quiet: true, threads: 1 });
const parts = await buildRun(cfg);
if (!(parts.agent instanceof DreamerAgent)) throw new ConfigError(`wm-fit needs agent.kind=dreamer (got ${cfg.agent.kind}): drop the agent.kind override`);
const agent = parts.agent;
const { driver, explorer: random, replay } = parts;

driver.reset(random, cfg.run.seed);
replay.add(driver.row());
for (let i = 0; i < Number(process.env.STEPS ?? 5000); i++) {
  driver.step(random, 'explore');
  replay.add(driver.row());
}

/** Mean |predicted - true| reward over non-first steps of a batch, and the mean |reward|. */
function rewardError(batch: SequenceBatch): [number, number] {
  return tf.tidy(() => {
    const [b, t] = [batch.batchSize, batch.seqLen];
    const tm = (src: Float32Array, d: number): Float32Array => timeMajor(src, b, t, d);
    const loss = agent.wm.loss({
      obs: tf.tensor3d(tm(batch.obs, batch.obsDim), [t, b, batch.obsDim]),
      prevAction: tf.tensor3d(tm(batch.action, batch.actionDim), [t, b, batch.actionDim]),
      reward: tf.tensor2d(tm(batch.reward, 1), [t, b]),
      isFirst: tf.tensor2d(tm(batch.isFirst, 1), [t, b]),
      isTerminal: tf.tensor2d(tm(batch.isTerminal, 1), [t, b]),
    });
    const pred = agent.wm.reward(tf.concat([loss.post.deter, loss.post.stoch], 1) as tf.Tensor2D);
    const truth = tf.tensor1d(tm(batch.reward, 1));
    const notFirst = tf.sub(1, tf.tensor1d(tm(batch.isFirst, 1)));
    const mae = tf.div(tf.sum(tf.mul(tf.abs(tf.sub(pred, truth)), notFirst)), tf.sum(notFirst));
    return [mae.dataSync()[0]!, tf.mean(tf.abs(truth)).dataSync()[0]!];
  });
}

const start = Date.now();
for (let u = 1; u <= Number(process.env.UPDATES ?? 600); u++) {
  const { metrics, start: states, startCont } = agent.trainModel(replay.sample(cfg.replay.batch_size, cfg.replay.seq_len));
  tf.dispose([states.deter, states.stoch, startCont]);
  if (u % REPORT_EVERY !== 0) continue;
  const [mae, scale] = rewardError(replay.sample(TEST_SEQUENCES, cfg.replay.seq_len));
  const losses = ['recon', 'reward', 'dyn'].map((k) => `${k} ${metrics[`loss/${k}`]!.toFixed(3)}`).join(' ');
  console.log(`update ${u} (${((Date.now() - start) / 1000).toFixed(0)} s): ${losses} | reward MAE ${mae.toFixed(3)} (mean |r| ${scale.toFixed(2)})`);
}
