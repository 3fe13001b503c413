import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DreamerAgent } from '../../../agents/dreamer/agent.js';
import { setFusedKernelsEnabled } from '../../../src/tensor/kernels/fused/active.js';
import type { SequenceBatch } from '../../../src/replay/index.js';
import { tinyConfig, toyBatch, useCpu } from './helpers.js';

/**
 * Pins the agent's learning behaviour: a tiny seeded agent trains 3 updates on a fixed batch and acts twice; the
 * losses and actions must match the numbers recorded before the distributions/config/behaviour refactor.
 * Re-record (only when a change of behaviour is intended, and say why in the commit): DREAMER_PIN_RECORD=1.
 */

const FIXTURE = new URL('./fixtures/pinned.json', import.meta.url);
const RECORD = process.env['DREAMER_PIN_RECORD'] === '1';

interface Pinned {
  metrics: Record<string, number>[];
  actions: number[][];
}

const CASES = {
  'discrete reinforce, categorical latent': { spec: { kind: 'discrete', n: 2 }, overrides: [] },
  'continuous dynamics, categorical latent': { spec: { kind: 'continuous', dims: 1 }, overrides: [] },
  'continuous reinforce, gaussian latent': { spec: { kind: 'continuous', dims: 1 }, overrides: ['agent.behavior.actor_grad=reinforce', 'agent.rssm.latent=gaussian'] },
  'discrete reinforce, fullcov latent, mse reward': { spec: { kind: 'discrete', n: 2 }, overrides: ['agent.rssm.latent=fullcov', 'agent.model.reward_head=mse'] },
} as const;

/** The toy batch with `actionDim` actions (a continuous action in [-1, 1] when actionDim is 1). */
function batchFor(actionDim: number): SequenceBatch {
  const b = toyBatch(4, 8);
  if (actionDim === 2) return b;
  const action = new Float32Array(b.batchSize * b.seqLen);
  for (let i = 0; i < action.length; i++) action[i] = b.action[2 * i]! - b.action[2 * i + 1]!;
  return { ...b, action, actionDim: 1 };
}

function run(name: keyof typeof CASES): Pinned {
  const { spec, overrides } = CASES[name];
  const agent = new DreamerAgent(tinyConfig(...overrides).agent, 3, spec, 7);
  const batch = batchFor(spec.kind === 'discrete' ? spec.n : spec.dims);
  const metrics = [0, 1, 2].map(() => agent.train(batch));
  const obs = Float32Array.from([0.1, 0.2, 0.3, -0.1, -0.2, -0.3, 0.5, 0.0, -0.5]);
  const first = agent.policy(obs, [true, true, true], undefined, 'explore');
  const second = agent.policy(obs, [false, true, false], first.state, 'explore');
  const third = agent.policy(obs, [false, false, false], second.state, 'eval');
  agent.disposeState(third.state);
  return { metrics, actions: [first, second, third].map((o) => Array.from(o.action)) };
}

function expectClose(actual: number, expected: number, what: string): void {
  const tol = 1e-5 * Math.abs(expected) + 1e-6;
  if (!(Math.abs(actual - expected) <= tol)) expect.fail(`${what}: ${actual} differs from the pinned ${expected}`);
}

const recorded: Record<string, Pinned> = {};
const pinned: Record<string, Pinned> = RECORD ? {} : (JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Pinned>);

beforeAll(useCpu);
afterAll(() => {
  setFusedKernelsEnabled(true);
  if (RECORD) writeFileSync(FIXTURE, `${JSON.stringify(recorded, null, 1)}\n`);
});

describe('pinned learning behaviour (cpu backend)', () => {
  for (const fused of [true, false]) {
    for (const name of Object.keys(CASES) as (keyof typeof CASES)[]) {
      const key = `${name}, fused ${fused ? 'on' : 'off'}`;
      it(`reproduces the recorded losses and actions: ${key}`, () => {
        setFusedKernelsEnabled(fused);
        const got = run(name);
        if (RECORD) {
          recorded[key] = got;
          return;
        }
        const want = pinned[key];
        if (!want) return expect.fail(`no pinned numbers for ${key}`);
        want.metrics.forEach((m, i) => {
          expect(Object.keys(got.metrics[i]!).sort()).toEqual(Object.keys(m).sort());
          for (const [k, v] of Object.entries(m)) expectClose(got.metrics[i]![k]!, v, `update ${i} ${k}`);
        });
        want.actions.forEach((a, i) => a.forEach((v, j) => expectClose(got.actions[i]![j]!, v, `action ${i}[${j}]`)));
      });
    }
  }
});
