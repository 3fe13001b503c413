import { describe, expect, it } from 'vitest';
import type { AutoresetMode } from '../../../src/env/env.js';
import { Box } from '../../../src/env/spaces/box.js';
import { MultiDiscrete } from '../../../src/env/spaces/multi-discrete.js';
import { SyncVectorEnv, VectorRecordEpisodeStatistics } from '../../../src/env/vector/index.js';
import { VectorEnvError } from '../../../src/util/errors.js';
import { CounterEnv, EchoEnv, PatternEnv } from '../helpers/scripted-envs.js';

// Sub-env 0 terminates at step 2, sub-env 1 truncates at step 2 (same step), sub-env 2 terminates at step 3.
const makeEnvs = (mode?: AutoresetMode) =>
  new SyncVectorEnv<Float32Array, Float64Array>(
    [
      () => new CounterEnv({ terminateAt: 2 }),
      () => new CounterEnv({ truncateAt: 2 }),
      () => new CounterEnv({ terminateAt: 3 }),
    ],
    { autoresetMode: mode },
  );
const act = (...a: number[]) => Float64Array.from(a);
const row = (obs: Float32Array, i: number) => Array.from(obs.subarray(i * 3, i * 3 + 3));
/** The first uniform draw of a CounterEnv reset with `seed`, computed by a standalone env. */
const firstDraw = (seed: number | undefined, resets = 1): number => {
  const env = new CounterEnv();
  let obs = env.reset({ seed }).obs;
  for (let k = 1; k < resets; k++) obs = env.reset().obs;
  return obs[2];
};

describe('SyncVectorEnv basics', () => {
  it('batches spaces, seeds sub-env i with seed + i and accepts a seed array', () => {
    const envs = makeEnvs();
    expect(envs.observationSpace).toBeInstanceOf(Box);
    expect((envs.observationSpace as unknown as Box<'float32'>).shape).toEqual([3, 3]);
    expect(envs.actionSpace).toBeInstanceOf(MultiDiscrete);
    expect((envs.actionSpace as unknown as MultiDiscrete).nvec).toEqual([3, 3, 3]);
    expect(envs.metadata.autoresetMode).toBe('NextStep');
    const { obs, infos } = envs.reset({ seed: 5 });
    expect(obs).toBeInstanceOf(Float32Array);
    for (let i = 0; i < 3; i++) expect(row(obs, i)).toEqual([0, 1, firstDraw(5 + i)]);
    expect(Array.from(infos.resets as Float64Array)).toEqual([1, 1, 1]);
    expect(infos._resets).toEqual([true, true, true]);
    const again = envs.reset({ seed: [7, 100, 9] }).obs;
    expect([again[2], again[5], again[8]]).toEqual([firstDraw(7), firstDraw(100), firstDraw(9)]);
    expect(() => envs.reset({ seed: [1, 2] })).toThrow(VectorEnvError);
  });

  it('routes each row of a Box action batch to its sub-env as float32', () => {
    const inner = [new EchoEnv(), new EchoEnv()];
    const envs = new SyncVectorEnv<Float64Array, Float32Array>(inner);
    envs.reset();
    const { obs, rewards } = envs.step(Float32Array.from([0.5, -0.5, 0.25, 1]));
    expect(inner[1].lastAction).toBeInstanceOf(Float32Array);
    expect(Array.from(obs)).toEqual([0.5, -0.5, 0.25, 1]);
    expect(Array.from(rewards)).toEqual([0, 1.25]);
    envs.step([[1, 1], [0, 0]] as unknown as Float32Array);
    expect(Array.from(inner[0].lastAction!)).toEqual([1, 1]);
  });

  it("returns every sub-env's frame from render() and reads attributes with call()", () => {
    const envs = new SyncVectorEnv([() => new PatternEnv(2, 3), () => new PatternEnv(2, 3)]);
    envs.reset();
    envs.step(Float64Array.from([0, 0]));
    const frames = envs.render() as { data: Uint8Array; shape: number[] }[];
    expect(frames.map((f) => f.shape)).toEqual([[2, 3, 3], [2, 3, 3]]);
    expect(frames[1].data[0]).toBe(1); // pixel (0, 0, 0) = t = 1
    expect(envs.call('t')).toEqual([1, 1]);
  });

  it('reuses its buffers with copy: false and copies by default', () => {
    const shared = new SyncVectorEnv([() => new CounterEnv()], { copy: false });
    const a = shared.reset().obs;
    expect(shared.step([1]).obs).toBe(a);
    const copied = new SyncVectorEnv([() => new CounterEnv()]);
    const b = copied.reset().obs;
    expect(copied.step([1]).obs).not.toBe(b);
  });

  it('refuses sub-envs with different spaces and an unknown autoreset mode', () => {
    expect(() => new SyncVectorEnv([() => new CounterEnv(), () => new EchoEnv()] as never)).toThrow(/equal spaces/);
    expect(() => new SyncVectorEnv([() => new CounterEnv()], { autoresetMode: 'Later' as AutoresetMode })).toThrow(/autoresetMode/);
  });
});

describe('SyncVectorEnv autoreset modes', () => {
  it('NextStep: the step after an end resets that sub-env with reward 0 and clear flags', () => {
    const envs = makeEnvs('NextStep');
    envs.reset({ seed: 0 });
    let s = envs.step(act(1, 1, 1));
    expect(Array.from(s.rewards)).toEqual([11, 11, 11]);
    s = envs.step(act(2, 2, 2));
    expect(Array.from(s.rewards)).toEqual([22, 22, 22]);
    expect(Array.from(s.terminations)).toEqual([1, 0, 0]);
    expect(Array.from(s.truncations)).toEqual([0, 1, 0]);
    expect(row(s.obs, 0)).toEqual([2, 1, 0]);
    s = envs.step(act(0, 0, 0)); // actions of sub-envs 0 and 1 are ignored: they reset
    expect(Array.from(s.rewards)).toEqual([0, 0, 30]);
    expect(Array.from(s.terminations)).toEqual([0, 0, 1]);
    expect(Array.from(s.truncations)).toEqual([0, 0, 0]);
    expect(row(s.obs, 0)).toEqual([0, 2, firstDraw(0, 2)]);
    expect(row(s.obs, 1)).toEqual([0, 2, firstDraw(1, 2)]);
    expect(Array.from(s.infos.resets as Float64Array)).toEqual([2, 2, 0]);
    expect(s.infos._resets).toEqual([true, true, false]);
    expect(s.infos._t).toEqual([false, false, true]);
    s = envs.step(act(1, 1, 1));
    expect(Array.from(s.rewards)).toEqual([11, 11, 0]);
    expect(Array.from(s.terminations)).toEqual([0, 0, 0]);
  });

  it('SameStep: the ending step returns the reset obs and puts the final obs/info in infos', () => {
    const envs = makeEnvs('SameStep');
    envs.reset({ seed: 0 });
    envs.step(act(1, 1, 1));
    const s = envs.step(act(2, 2, 2));
    expect(Array.from(s.rewards)).toEqual([22, 22, 22]);
    expect(Array.from(s.terminations)).toEqual([1, 0, 0]);
    expect(Array.from(s.truncations)).toEqual([0, 1, 0]);
    expect(row(s.obs, 0)).toEqual([0, 2, firstDraw(0, 2)]);
    expect(row(s.obs, 2)).toEqual([2, 1, 0]);
    const finalObs = s.infos.final_obs as (Float32Array | undefined)[];
    expect(Array.from(finalObs[0]!)).toEqual([2, 1, 0]);
    expect(Array.from(finalObs[1]!)).toEqual([2, 1, 0]);
    expect(finalObs[2]).toBeUndefined();
    expect(s.infos._final_obs).toEqual([true, true, false]);
    const finalInfo = s.infos.final_info as Record<string, unknown>;
    expect(Array.from(finalInfo.t as Float64Array)).toEqual([2, 2, 0]);
    expect(finalInfo._t).toEqual([true, true, false]);
    expect(s.infos._final_info).toEqual([true, true, false]);
    expect(Array.from(s.infos.resets as Float64Array)).toEqual([2, 2, 0]);
    expect(s.infos._t).toEqual([false, false, true]);
    const next = envs.step(act(0, 0, 0));
    expect(Array.from(next.rewards)).toEqual([10, 10, 30]); // no step is lost to the reset
    expect(Array.from(next.terminations)).toEqual([0, 0, 1]);
  });

  it('Disabled: sub-envs run on until reset with a resetMask', () => {
    const envs = makeEnvs('Disabled');
    envs.reset({ seed: 3 });
    envs.step(act(1, 1, 1));
    envs.step(act(2, 2, 2));
    let s = envs.step(act(0, 0, 0));
    expect(Array.from(s.rewards)).toEqual([30, 30, 30]);
    expect(Array.from(s.terminations)).toEqual([0, 0, 1]);
    const r = envs.reset({ seed: 3, options: { resetMask: [true, false, true] } });
    expect(row(r.obs, 0)).toEqual([0, 2, firstDraw(3)]);
    expect(row(r.obs, 1)).toEqual([3, 1, 0]); // untouched
    expect(row(r.obs, 2)).toEqual([0, 2, firstDraw(5)]);
    expect(Array.from(r.infos.resets as Float64Array)).toEqual([2, 0, 2]);
    expect(r.infos._resets).toEqual([true, false, true]);
    s = envs.step(act(0, 0, 0));
    expect(Array.from(s.rewards)).toEqual([10, 40, 10]);
    expect(() => envs.reset({ options: { resetMask: [false, false, false] } })).toThrow(/selects no sub-env/);
    expect(() => envs.reset({ options: { resetMask: [true] } })).toThrow(/3 booleans/);
  });
});

describe('VectorRecordEpisodeStatistics', () => {
  it('NextStep: reports ended episodes and skips the autoreset step', () => {
    const envs = new VectorRecordEpisodeStatistics(makeEnvs('NextStep'));
    envs.reset();
    envs.step(act(1, 1, 1));
    let s = envs.step(act(2, 2, 2));
    const ep = s.infos.episode as { r: Float64Array; l: Float64Array; t: Float64Array };
    expect(Array.from(ep.r)).toEqual([33, 33, 0]);
    expect(Array.from(ep.l)).toEqual([2, 2, 0]);
    expect(s.infos._episode).toEqual([true, true, false]);
    envs.step(act(0, 0, 0)); // autoreset of 0 and 1; sub-env 2 ends with 11 + 22 + 30
    envs.step(act(1, 1, 1));
    s = envs.step(act(1, 1, 1));
    expect(Array.from((s.infos.episode as { r: Float64Array }).r)).toEqual([11 + 21, 11 + 21, 0]);
    expect(envs.returnQueue).toEqual([33, 33, 63, 32, 32]);
    expect(envs.episodeCount).toBe(5);
  });

  it('SameStep: the next episode starts counting on the step right after the end', () => {
    const envs = new VectorRecordEpisodeStatistics(makeEnvs('SameStep'));
    envs.reset();
    envs.step(act(1, 1, 1));
    envs.step(act(2, 2, 2));
    envs.step(act(0, 0, 0));
    const s = envs.step(act(0, 0, 0));
    expect(Array.from((s.infos.episode as { r: Float64Array }).r)).toEqual([30, 30, 0]);
    expect(Array.from((s.infos.episode as { l: Float64Array }).l)).toEqual([2, 2, 0]);
  });

  it('Disabled: counts until the masked reset restarts a sub-env', () => {
    const envs = new VectorRecordEpisodeStatistics(makeEnvs('Disabled'));
    envs.reset();
    envs.step(act(1, 1, 1));
    const s = envs.step(act(2, 2, 2));
    expect(Array.from((s.infos.episode as { r: Float64Array }).r)).toEqual([33, 33, 0]);
    envs.reset({ options: { resetMask: [true, true, false] } });
    const third = envs.step(act(0, 0, 0)); // sub-env 2 was not reset: it ends at t = 3
    expect(Array.from((third.infos.episode as { r: Float64Array }).r)).toEqual([0, 0, 11 + 22 + 30]);
    const end = envs.step(act(0, 0, 0)); // sub-envs 0, 1 end again (t = 2); sub-env 2 steps on unreset
    expect(Array.from((end.infos.episode as { r: Float64Array }).r)).toEqual([30, 30, 0]);
    expect(Array.from(envs.episodeLengths)).toEqual([0, 0, 1]);
    expect(envs.returnQueue).toEqual([33, 33, 63, 30, 30]);
  });
});
