import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBatch, ReferenceAgent } from '../../bench/step.js';
import { initBackend } from '../../src/tensor/backend.js';
import { fusedRssmImagineActive } from '../../src/tensor/kernels/fused/rssm-imagine.js';
import { fusedRssmObserveActive } from '../../src/tensor/kernels/fused/rssm-observe.js';
import { disableNativeBlas, enableNativeBlas } from '../../src/tensor/kernels/native-blas.js';
import { RSSM_IMAGINE_KERNEL } from '../../src/tensor/kernels/names.js';
import { TensorRng } from '../../src/tensor/random.js';

// `bench step`'s agent trains the same with the observation loop as one sequence kernel (the default where the
// addon runs it) and as per-step ops.
let seqKernel = false;
beforeAll(async () => {
  await initBackend('wasm', { threads: 1, quiet: true, nativeBlas: 'auto' });
  enableNativeBlas('auto', 1);
  seqKernel = fusedRssmObserveActive();
  if (!seqKernel) console.log('the sequence kernel is not active (no addon, or DREAMER_FUSED=off): both runs are per-step');
});
afterAll(() => disableNativeBlas());

function train(perStep: boolean, steps: number, imagineSteps = false): { losses: number[][]; growth: number } {
  const agent = new ReferenceAgent(3, { perStep, imagineSteps });
  const batch = makeBatch(new TensorRng(1));
  const losses: number[][] = [];
  let after1 = 0;
  for (let i = 0; i < steps; i += 1) {
    const { loss, start } = agent.trainWorldModel(batch);
    const { actorLoss, criticLoss } = agent.trainActorCritic(start);
    losses.push([loss, actorLoss, criticLoss]);
    if (i === 0) after1 = tf.memory().numTensors;
  }
  const growth = tf.memory().numTensors - after1;
  tf.dispose([batch.obs, batch.act, batch.rew]);
  return { losses, growth };
}

describe('bench step: the observation loop as one sequence kernel vs per-step ops', () => {
  it('gives the same world-model, actor and critic losses over 4 steps, and leaks no tensors', () => {
    const seq = train(false, 4);
    const steps = train(true, 4);
    expect(seq.growth).toBe(0);
    expect(steps.growth).toBe(0);
    expect(steps.losses[3][0]).toBeLessThan(steps.losses[0][0]); // the world model learns
    seq.losses.forEach((row, i) => row.forEach((l, j) => {
      const want = steps.losses[i][j];
      expect(Math.abs(l - want) / Math.max(Math.abs(want), 1e-3), `step ${i}, loss ${j}`).toBeLessThan(1e-4);
    }));
  }, 120_000);
});

/** Expect every loss of `got` within 1e-4 (relative) of `want`'s. */
function expectSameLosses(got: number[][], want: number[][]): void {
  got.forEach((row, i) => row.forEach((l, j) => {
    const w = want[i][j];
    expect(Math.abs(l - w) / Math.max(Math.abs(w), 1e-3), `step ${i}, loss ${j}`).toBeLessThan(1e-4);
  }));
}

describe('bench step: imagination as one rollout kernel and the critic from kept activations vs per-step ops', () => {
  it('runs the rollout kernel by default and not with imagineSteps', async () => {
    if (!fusedRssmImagineActive()) {
      console.log('the rollout kernel is not active (no addon, or DREAMER_FUSED=off): skipped');
      return;
    }
    const kernelsOf = async (imagineSteps: boolean): Promise<string[]> => {
      const agent = new ReferenceAgent(3, { imagineSteps });
      const batch = makeBatch(new TensorRng(1));
      const { start } = agent.trainWorldModel(batch);
      const { kernelNames } = await tf.profile(() => void agent.trainActorCritic(start));
      tf.dispose([batch.obs, batch.act, batch.rew]);
      return kernelNames;
    };
    expect(await kernelsOf(false)).toContain(RSSM_IMAGINE_KERNEL);
    expect(await kernelsOf(true)).not.toContain(RSSM_IMAGINE_KERNEL);
  }, 60_000);

  it('gives the same world-model, actor and critic losses over 4 steps at 1 and 2 threads, and leaks no tensors', () => {
    const steps = train(false, 4, true);
    const roll = train(false, 4);
    enableNativeBlas('auto', 2); // the rollout's rows split over 2 threads
    const roll2 = train(false, 4);
    enableNativeBlas('auto', 1);
    for (const r of [steps, roll, roll2]) expect(r.growth).toBe(0);
    expect(steps.losses[3][2]).toBeLessThan(steps.losses[0][2]); // the critic learns
    expectSameLosses(roll.losses, steps.losses);
    expectSameLosses(roll2.losses, steps.losses);
  }, 120_000);
});
