/**
 * Does memory grow per training update or per policy step once garbage is collected? Fills a cartpole-preset replay
 * with 2,000 random steps, then runs 600 rounds of either `agent.train` (mode `train`) or 16 env steps with the
 * agent's policy (mode `policy`), forcing a full GC every 100 rounds before reading the V8 heap, external memory
 * (the wasm heap among it), RSS and the live tensor count. Flat figures mean no leak; growth in a training run's
 * `sys/*` metrics without it is garbage the GC has not collected yet.
 *
 *   node --expose-gc --import tsx bench/gc-memory-check.ts train      # or: policy
 */
import * as tf from '@tensorflow/tfjs';
import { loadConfig } from '../src/config/index.js';
import { buildRun } from '../src/run/setup.js';
import { initBackend } from '../src/tensor/backend.js';
import { UsageError } from '../src/util/errors.js';

const PREFILL = 2000;
const ROUNDS = 600;
const REPORT_EVERY = 100;
const MB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new UsageError('gc-memory-check needs gc(): run it with node --expose-gc --import tsx bench/gc-memory-check.ts');
const mode = process.argv[2] === 'policy' ? 'policy' : 'train';
const cfg = loadConfig({ config: 'cartpole' });
await initBackend('wasm', { quiet: true, threads: 1 });
const { driver, explorer: random, replay, agent } = await buildRun(cfg);
driver.reset(random, 0);
replay.add(driver.row());
for (let i = 0; i < PREFILL; i++) {
  driver.step(random, 'explore');
  replay.add(driver.row());
}
for (let round = 0; round <= ROUNDS; round++) {
  if (mode === 'train') agent.train(replay.sample(cfg.replay.batch_size, cfg.replay.seq_len));
  else for (let k = 0; k < cfg.replay.seq_len; k++) driver.step(agent, 'explore');
  if (round % REPORT_EVERY !== 0) continue;
  gc();
  const m = process.memoryUsage();
  const f = (bytes: number): string => (bytes / MB).toFixed(1);
  console.log(`${mode} round ${round}: heapUsed ${f(m.heapUsed)} MB, external ${f(m.external)} MB, rss ${f(m.rss)} MB, tensors ${tf.memory().numTensors}`);
}
