import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import '../envs/register.js';
import { CLASSIC_CONTROL } from '../envs/register.js';
import { DMC_TASKS } from '../envs/dmc/register.js';
import { benchDmc, type DmcFigures } from './env-dmc.js';
import type { Env } from '../src/env/env.js';
import { make } from '../src/env/make.js';
import { Pcg64Generator } from '../src/env/rng/pcg64.js';
import { Discrete } from '../src/env/spaces/discrete.js';
import { SyncVectorEnv } from '../src/env/vector/sync-vector-env.js';
import { EnvError } from '../src/util/errors.js';
import type { Bench } from './bench.js';

/**
 * `dreamer bench env`: env steps per second through `make()` (the full TimeLimit/OrderEnforcing/PassiveEnvChecker
 * stack) for each classic-control env, single and as a SyncVectorEnv of 8 sub-envs (steps counted per sub-env).
 * Actions come from a pre-drawn pool so that drawing them is not timed; episodes reset when they end.
 * Then each DeepMind Control Suite task (./env-dmc.ts): control steps/s through `makeAsync`, raw MuJoCo stepping of
 * the same model, their ratio, and ms per 64 x 64 frame.
 */

const NUM_SUB_ENVS = 8;
const ACTION_POOL = 4096;
const DEFAULT_SECONDS = 1.0;
const WARMUP_FRACTION = 0.25;
const CHUNK = 2048;

type Figures = Record<string, { single: number; vector8: number }>;

/** Valid actions for the env's action space: integers for Discrete, float32 arrays for Box. */
function actionPool(env: Env, rng: Pcg64Generator, batch: number): unknown[] {
  const space = env.actionSpace;
  const pool: unknown[] = [];
  for (let k = 0; k < ACTION_POOL; k++) {
    if (space instanceof Discrete) {
      const draws = rng.integers(space.start, space.start + space.n, batch);
      pool.push(batch === 1 ? draws[0] : Array.from(draws));
    } else {
      const box = space as unknown as { low: Float64Array; high: Float64Array };
      pool.push(Float32Array.from(rng.uniform(box.low[0], box.high[0], batch)));
    }
  }
  return pool;
}

/** Runs `stepOnce` in chunks until `seconds` have passed; returns calls per second. */
function timeLoop(seconds: number, stepOnce: (k: number) => void): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let k = 0; k < CHUNK; k++) stepOnce(calls + k);
    calls += CHUNK;
    elapsed = performance.now() - start;
  }
  return calls / (elapsed / 1000);
}

export function benchSingle(id: string, seconds: number): number {
  const env = make<Float32Array, unknown>(id);
  env.reset({ seed: 0 });
  const pool = actionPool(env, new Pcg64Generator(1), 1);
  const mask = ACTION_POOL - 1;
  const stepOnce = (k: number): void => {
    const r = env.step(pool[k & mask]);
    if (r.terminated || r.truncated) env.reset();
  };
  timeLoop(seconds * WARMUP_FRACTION, stepOnce);
  return timeLoop(seconds, stepOnce);
}

export function benchVector(id: string, seconds: number): number {
  const envs = new SyncVectorEnv(Array.from({ length: NUM_SUB_ENVS }, () => () => make(id)));
  envs.reset({ seed: 0 });
  const pool = actionPool(envs.envs[0], new Pcg64Generator(2), NUM_SUB_ENVS);
  const mask = ACTION_POOL - 1;
  const stepOnce = (k: number): void => {
    envs.step(pool[k & mask]); // NextStep autoreset resets finished sub-envs itself
  };
  timeLoop(seconds * WARMUP_FRACTION, stepOnce);
  return timeLoop(seconds, stepOnce) * NUM_SUB_ENVS;
}

type Mode = 'single' | 'vector8' | 'dmc';
type Result<M extends Mode> = M extends 'dmc' ? DmcFigures : number;

/** Measures in a fresh worker when the compiled worker exists (dist), else in this thread (e.g. under tsx). */
async function measure<M extends Mode>(id: string, mode: M, seconds: number): Promise<Result<M>> {
  const workerUrl = new URL('./env-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(workerUrl))) {
    return (mode === 'dmc' ? await benchDmc(id, seconds) : mode === 'single' ? benchSingle(id, seconds) : benchVector(id, seconds)) as Result<M>;
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: { id, mode, seconds } });
    worker.once('message', (result: Result<M>) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) {
        reject(new EnvError(`env bench worker for ${id} (${mode}) exited with code ${code}: run \`dreamer check-env ${id}\` to see the env's error`));
      }
    });
  });
}

function formatRate(sps: number): string {
  return sps >= 1e6 ? `${(sps / 1e6).toFixed(2)}M` : `${(sps / 1e3).toFixed(0)}K`;
}

export const envBench: Bench = {
  name: 'env',
  describe: 'classic-control env steps/s through make(), single and SyncVectorEnv x8; DMC control steps/s vs raw MuJoCo, 64x64 render ms (--seconds per measurement)',
  async run(args) {
    const seconds = typeof args.seconds === 'number' && args.seconds > 0 ? args.seconds : DEFAULT_SECONDS;
    const figures: Figures = {};
    for (const { id } of CLASSIC_CONTROL) {
      const single = await measure(id, 'single', seconds);
      const vector8 = await measure(id, 'vector8', seconds);
      figures[id] = { single: Math.round(single), vector8: Math.round(vector8) };
      if (!args.json) console.log(`${id.padEnd(26)} single ${formatRate(single).padStart(7)} steps/s   vector8 ${formatRate(vector8).padStart(7)} steps/s`);
    }
    const dmc: Record<string, DmcFigures> = {};
    for (const { id } of DMC_TASKS) {
      const f = await measure(id, 'dmc', seconds);
      dmc[id] = f;
      if (!args.json) {
        console.log(`${id.padEnd(40)} ${formatRate(f.env).padStart(6)} control steps/s (raw MuJoCo ${formatRate(f.raw)}, ${(100 * f.ratio).toFixed(0)} %)   render 64x64 ${f.render_ms.toFixed(2)} ms`);
      }
    }
    if (args.json) console.log(JSON.stringify({ env: figures, dmc }));
  },
};
