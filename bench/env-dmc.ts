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
 * `render()`.
 */
export interface DmcFigures {
  /** control steps/s through makeAsync(id) */
  env: number;
  /** control steps/s of ctrl + mj_step x nSubsteps on the same model and data */
  raw: number;
  /** env / raw: the share of raw MuJoCo speed the env keeps */
  ratio: number;
  /** ms per 64 x 64 rgb_array frame */
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

export async function benchDmc(id: string, seconds: number): Promise<DmcFigures> {
  const env = await makeAsync(id);
  const pool = actions(env);
  const mask = ACTION_POOL - 1;
  let stepped: DmcFigures['env'];
  let raw: DmcFigures['raw'];
  try {
    env.reset({ seed: 0 });
    const envStep = (k: number): void => {
      const r = env.step(pool[k & mask]);
      if (r.terminated || r.truncated) env.reset();
    };
    warmUp(envStep);
    stepped = timeLoop(seconds, envStep);

    const dmc = env.unwrapped as DmcEnv;
    const { mj, model, data } = dmc.physics;
    const n = dmc.task.nSubsteps;
    env.reset({ seed: 0 });
    const rawStep = (k: number): void => {
      (data.ctrl as Float64Array).set(pool[k & mask] as Float64Array);
      for (let i = 0; i < n; i++) mj.mj_step(model, data);
      // Episodes of the same length as the env's, so both see the same states.
      if (k % 1000 === 999) mj.mj_resetData(model, data);
    };
    warmUp(rawStep);
    raw = timeLoop(seconds, rawStep);
  } finally {
    env.close();
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
    let [frames, spent] = [0, 0];
    while (frames < MIN_FRAMES || spent < seconds * 500) spent += stepAndRender(frames++);
    renderMs = spent / frames;
  } finally {
    rendering.close();
  }
  return { env: Math.round(stepped), raw: Math.round(raw), ratio: Number((stepped / raw).toFixed(3)), render_ms: Number(renderMs.toFixed(2)) };
}
