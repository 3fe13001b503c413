import { performance } from 'node:perf_hooks';
import '../envs/register.js';
import type { DmcEnv } from '../envs/dmc/dmc-env.js';
import { DEFAULT_RENDER_SIZE } from '../envs/dmc/render.js';
import type { Env } from '../src/env/env.js';
import { makeAsync } from '../src/env/make.js';
import { Pcg64Generator } from '../src/env/rng/pcg64.js';

/**
 * The DMC part of `dreamer bench env`: for one task, control steps per second through `makeAsync` (the registry's
 * wrappers, dm_control's legacy stepping, observation and reward), the same number for raw MuJoCo stepping of
 * the same model (write ctrl, mj_step nSubsteps times: the floor the env stands on), and the time of one 64 x 64
 * `render()`. The step rates are the best of ROUNDS alternating windows each, the render time the median frame.
 */
export interface DmcFigures {
  /** control steps/s through makeAsync(id) */
  env: number;
  /** control steps/s of ctrl + mj_step x nSubsteps on the same model and data */
  raw: number;
  /** env / raw: the share of raw MuJoCo speed the env keeps */
  ratio: number;
  /** ms per 64 x 64 rgb_array frame (the median frame) */
  render_ms: number;
}

const ACTION_POOL = 1024;
const CHUNK = 64;
/**
 * MuJoCo's wasm starts in V8's baseline tier and is optimised in the background over the first seconds (slower on
 * a loaded machine): 0.3 s after the start the env ran 30x slower than after 2 s. So each loop first runs in
 * windows until two in a row agree to 10 % (at most MAX_WARMUP_S), then is timed.
 */
const WARMUP_WINDOW_S = 0.25;
const WARMUP_AGREEMENT = 0.1;
const MAX_WARMUP_S = 8;
/** Frames timed at least (each after an untimed step). */
const MIN_FRAMES = 20;

function timeLoop(seconds: number, once: (k: number) => void): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let k = 0; k < CHUNK; k++) once(calls + k);
    calls += CHUNK;
    elapsed = performance.now() - start;
  }
  return calls / (elapsed / 1000);
}

function warmUp(once: (k: number) => void): void {
  let previous = 0;
  for (let spent = 0; spent < MAX_WARMUP_S; spent += WARMUP_WINDOW_S) {
    const rate = timeLoop(WARMUP_WINDOW_S, once);
    if (previous > 0 && Math.abs(rate - previous) <= WARMUP_AGREEMENT * previous) return;
    previous = rate;
  }
}

function actions(env: Env<unknown, unknown>): Float64Array[] {
  const box = env.actionSpace as unknown as { low: Float64Array; high: Float64Array };
  const rng = new Pcg64Generator(1);
  return Array.from({ length: ACTION_POOL }, () => Float64Array.from(box.low, (lo, i) => rng.uniform(lo, box.high[i] as number, 1)[0] as number));
}

/** Windows per measurement: the env and raw stepping alternate, and each reports its best window. */
const ROUNDS = 4;

export async function benchDmc(id: string, seconds: number): Promise<DmcFigures> {
  // Two instances of the task: one stepped through the env stack, one whose model and data are stepped raw.
  const env = await makeAsync(id);
  const bare = await makeAsync(id);
  const pool = actions(env);
  const mask = ACTION_POOL - 1;
  let [stepped, raw] = [0, 0];
  try {
    env.reset({ seed: 0 });
    bare.reset({ seed: 0 });
    const envStep = (k: number): void => {
      const r = env.step(pool[k & mask]);
      if (r.terminated || r.truncated) env.reset();
    };
    const dmc = bare.unwrapped as DmcEnv;
    const { mj, model, data } = dmc.physics;
    const n = dmc.task.nSubsteps;
    const rawStep = (k: number): void => {
      (data.ctrl as Float64Array).set(pool[k & mask] as Float64Array);
      for (let i = 0; i < n; i++) mj.mj_step(model, data);
      // Episodes of the env's length, so both see the same kind of states.
      if (k % 1000 === 999) mj.mj_resetData(model, data);
    };
    warmUp(envStep);
    warmUp(rawStep);
    // Alternating windows, best of each: on a shared machine the best window is the one with a free core.
    for (let round = 0; round < ROUNDS; round++) {
      stepped = Math.max(stepped, timeLoop(seconds / ROUNDS, envStep));
      raw = Math.max(raw, timeLoop(seconds / ROUNDS, rawStep));
    }
  } finally {
    env.close();
    bare.close();
  }

  const rendering = await makeAsync(id, { renderMode: 'rgb_array', width: DEFAULT_RENDER_SIZE, height: DEFAULT_RENDER_SIZE });
  let renderMs: number;
  try {
    rendering.reset({ seed: 0 });
    const stepAndRender = (k: number): number => {
      const r = rendering.step(pool[k & mask]);
      if (r.terminated || r.truncated) rendering.reset();
      const t = performance.now();
      rendering.render();
      return performance.now() - t;
    };
    warmUp((k) => void stepAndRender(k));
    // The median frame: robust to the other jobs' bursts.
    const times: number[] = [];
    for (let spent = 0; times.length < MIN_FRAMES || spent < seconds * 500; ) {
      times.push(stepAndRender(times.length));
      spent += times.at(-1) as number;
    }
    times.sort((x, y) => x - y);
    renderMs = times[Math.floor(times.length / 2)] as number;
  } finally {
    rendering.close();
  }
  return { env: Math.round(stepped), raw: Math.round(raw), ratio: Number((stepped / raw).toFixed(3)), render_ms: Number(renderMs.toFixed(2)) };
}
