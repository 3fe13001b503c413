import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../agents/api.js';
import { loadConfig } from '../../src/config/index.js';
import { PROFILE_KEYS, RunProfiler } from '../../src/run/profile.js';
import { train } from '../../src/run/train.js';
import { SMOKE } from './smoke-config.js';

/** A clock the test moves by hand (ms). */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const FRACTIONS = [PROFILE_KEYS.env, PROFILE_KEYS.train, PROFILE_KEYS.eval, PROFILE_KEYS.other];

describe('RunProfiler', () => {
  it('splits a window into phase fractions and starts a new window after each take', () => {
    const clock = manualClock();
    const p = new RunProfiler(clock.now);
    p.time('env', () => clock.advance(30));
    clock.advance(5); // untimed: other
    p.time('train', () => clock.advance(50));
    p.time('eval', () => clock.advance(10));
    clock.advance(5);
    const first = p.take();
    // window 100 ms: env 30, train 50, eval 10, other 10
    expect(first[PROFILE_KEYS.env]).toBeCloseTo(0.3, 12);
    expect(first[PROFILE_KEYS.train]).toBeCloseTo(0.5, 12);
    expect(first[PROFILE_KEYS.eval]).toBeCloseTo(0.1, 12);
    expect(first[PROFILE_KEYS.other]).toBeCloseTo(0.1, 12);
    p.time('train', () => clock.advance(20));
    clock.advance(20);
    const second = p.take();
    expect(second[PROFILE_KEYS.train]).toBeCloseTo(0.5, 12);
    expect(second[PROFILE_KEYS.env]).toBe(0);
    expect(second[PROFILE_KEYS.other]).toBeCloseTo(0.5, 12);
  });

  it('charges policy calls inside a timed env step to both policy and env, and keeps one wrapper per agent', () => {
    const clock = manualClock();
    const p = new RunProfiler(clock.now);
    const calls: string[] = [];
    const agent: Policy<number> = {
      actionSpec: { kind: 'discrete', n: 2 },
      policy: (_obs, _first, state) => {
        clock.advance(15);
        return { action: Float32Array.of(1, 0), state: (state ?? 0) + 1 };
      },
      disposeState: (s) => void calls.push(`dispose ${s}`),
    };
    const timed = p.timedPolicy(agent);
    expect(p.timedPolicy(agent)).toBe(timed);
    const out = p.time('env', () => {
      clock.advance(25); // the env's own step
      return timed.policy(new Float32Array(4), [true], 41, 'explore');
    });
    timed.disposeState(out.state);
    expect(out.state).toBe(42);
    expect(calls).toEqual(['dispose 42']);
    const m = p.take();
    expect(m[PROFILE_KEYS.env]).toBeCloseTo(1, 12);
    expect(m[PROFILE_KEYS.policy]).toBeCloseTo(15 / 40, 12);
  });

  it('reports the live tensor count and the process RSS', () => {
    const p = new RunProfiler();
    const x = tf.zeros([3]);
    const m = p.take();
    expect(m[PROFILE_KEYS.tensors]).toBe(tf.memory().numTensors);
    x.dispose();
    expect(m[PROFILE_KEYS.tensors]).toBe(tf.memory().numTensors + 1);
    const rssMb = process.memoryUsage().rss / (1024 * 1024);
    expect(Math.abs(m[PROFILE_KEYS.rss]! - rssMb) / rssMb).toBeLessThan(0.5);
    // A 64 MiB ArrayBuffer shows in external memory, not in the V8 heap.
    const before = p.take();
    const big = new ArrayBuffer(64 * 1024 * 1024);
    const after = p.take();
    expect(after[PROFILE_KEYS.external]! - before[PROFILE_KEYS.external]!).toBeGreaterThan(60);
    expect(Math.abs(after[PROFILE_KEYS.jsHeap]! - before[PROFILE_KEYS.jsHeap]!)).toBeLessThan(32);
    expect(big.byteLength).toBe(64 * 1024 * 1024);
  });
});


function logRecords(dir: string): Record<string, number>[] {
  const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n');
  return lines.map((l) => JSON.parse(l) as Record<string, number>).filter((r) => 'train/ratio' in r);
}

describe('train: profiling and memory metrics', () => {
  it('every log record carries the time split (fractions summing to 1) and the memory figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-profile-'));
    await train(loadConfig({ config: ['cartpole'], overrides: SMOKE }), { logdir: dir, quiet: true });
    const records = logRecords(dir);
    expect(records.length).toBe(2);
    for (const r of records) {
      for (const key of [...FRACTIONS, PROFILE_KEYS.policy]) {
        expect(r[key]).toBeGreaterThanOrEqual(0);
        expect(r[key]).toBeLessThanOrEqual(1);
      }
      expect(FRACTIONS.reduce((sum, k) => sum + r[k]!, 0)).toBeCloseTo(1, 9);
      expect(r[PROFILE_KEYS.policy]).toBeLessThanOrEqual(r[PROFILE_KEYS.env]!);
      // Both windows contain an evaluation and updates (training starts at step 40, the end of prefill).
      expect(r[PROFILE_KEYS.eval]).toBeGreaterThan(0);
      expect(r[PROFILE_KEYS.train]).toBeGreaterThan(0);
      expect(r[PROFILE_KEYS.rss]).toBeGreaterThan(0);
      expect(Number.isInteger(r[PROFILE_KEYS.tensors])).toBe(true);
      expect(r[PROFILE_KEYS.tensors]).toBeGreaterThan(0);
    }
    // The second window is all learning agent: its policy runs the world model, so it is part of the env time.
    expect(records[1]![PROFILE_KEYS.policy]).toBeGreaterThan(0);
  });

  it('the random agent never trains: train_frac is 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-profile-random-'));
    await train(loadConfig({ config: ['cartpole'], overrides: [...SMOKE, 'agent.kind=random'] }), { logdir: dir, quiet: true });
    const records = logRecords(dir);
    expect(records.length).toBe(2);
    for (const r of records) expect(r[PROFILE_KEYS.train]).toBe(0);
  });

  it('an aborted signal stops the run after the current step, with a checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dreamer-profile-abort-'));
    const controller = new AbortController();
    controller.abort();
    const result = await train(loadConfig({ config: ['cartpole'], overrides: SMOKE }), { logdir: dir, quiet: true, signal: controller.signal });
    expect(result.interrupted).toBe(true);
    expect(result.steps).toBe(1);
    expect(result.checkpoint).toBeDefined();
  });
});
