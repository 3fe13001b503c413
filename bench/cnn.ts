/**
 * `dreamer bench cnn`: the reference pixel workload, the twin of the PyTorch peer `torch_dreamer_cnn_step.py`
 * (docs/performance.md, "The pixel workload"): one update of a DreamerV3-style CNN encoder and transposed-CNN
 * decoder on a batch of 64×64×3 frames, forward + backward + Adam, timed as 1 warm-up + 3 timed updates.
 *
 * NHWC throughout: the encoder's 4 stages are Conv2D(kernel 4, stride 2, 'same' = PyTorch's padding 1) with
 * depth·(1, 2, 4, 8) channels, each followed by LayerNorm over channels and SiLU (64 → 32 → 16 → 8 → 4); a linear
 * bottleneck 4·4·8·depth → 1024 and back; the decoder's 3 stages are ConvTranspose2D(kernel 4, stride 2, 'same')
 * to depth·(4, 2, 1) channels with LayerNorm + SiLU (4 → 8 → 16 → 32), and a last one to 3 channels (→ 64).
 */
import * as tf from '@tensorflow/tfjs';
import { describeBackend, initBackend, type BackendChoice } from '../src/tensor/backend.js';
import { activate } from '../src/tensor/layers/activation.js';
import { Conv2D, ConvTranspose2D } from '../src/tensor/layers/conv.js';
import { Dense } from '../src/tensor/layers/dense.js';
import { LayerNorm } from '../src/tensor/layers/norm.js';
import { Module } from '../src/tensor/module.js';
import { Adam } from '../src/tensor/optim/adam.js';
import { TensorRng } from '../src/tensor/random.js';
import type { Bench } from './bench.js';
import { formatKernelProfile, profileKernels } from './kernel-profile.js';

/** The peer's settings (torch_dreamer_cnn_step.py's defaults, except the batch: side_by_side.py's 256). */
export const CNN_CFG = {
  imageSize: 64, channels: 3, depth: 32, kernel: 4, stride: 2, feat: 1024, batch: 256,
  lr: 1e-4, adamEps: 1e-8, clip: 1000, warmup: 1, reps: 3,
};

/** One conv stage: conv, then LayerNorm over channels and SiLU (none on the decoder's last layer). */
class ReferenceStage extends Module {
  readonly conv: Conv2D | ConvTranspose2D;
  readonly norm: LayerNorm | null;

  constructor(name: string, conv: Conv2D | ConvTranspose2D, outChannels: number, normed: boolean) {
    super(name);
    this.conv = this.addChild(conv);
    this.norm = normed ? this.addChild(new LayerNorm('norm', outChannels)) : null;
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const y = this.conv.apply(x);
    return this.norm ? (activate(this.norm.apply(y), 'silu') as tf.Tensor4D) : y;
  }
}

/** Encoder + bottleneck + decoder of the pixel workload; `Reference*` so it is not mistaken for agents/dreamer's. */
export class ReferenceCnnAutoencoder extends Module {
  readonly encoder: ReferenceStage[] = [];
  readonly decoder: ReferenceStage[] = [];
  readonly toFeat: Dense;
  readonly fromFeat: Dense;
  private readonly top: { size: number; channels: number };

  constructor(depth: number, rng: TensorRng) {
    super('cnn');
    const { kernel: k, stride, channels, imageSize, feat } = CNN_CFG;
    const opts = { stride, padding: 'same' as const, rng };
    const enc = [depth, 2 * depth, 4 * depth, 8 * depth];
    let inC = channels;
    enc.forEach((c, i) => {
      this.encoder.push(this.addChild(new ReferenceStage(`enc${i}`, new Conv2D('conv', inC, c, k, opts), c, true)));
      inC = c;
    });
    this.top = { size: imageSize / stride ** enc.length, channels: enc[enc.length - 1] };
    const flat = this.top.size * this.top.size * this.top.channels;
    this.toFeat = this.addChild(new Dense('to_feat', flat, feat, { rng }));
    this.fromFeat = this.addChild(new Dense('from_feat', feat, flat, { rng }));
    const dec = [4 * depth, 2 * depth, depth, channels];
    dec.forEach((c, i) => {
      const last = i === dec.length - 1;
      this.decoder.push(this.addChild(new ReferenceStage(`dec${i}`, new ConvTranspose2D('deconv', inC, c, k, opts), c, !last)));
      inC = c;
    });
  }

  /** frames [N, 64, 64, 3] -> reconstruction [N, 64, 64, 3]. */
  apply(frames: tf.Tensor4D): tf.Tensor4D {
    const N = frames.shape[0];
    let h = frames;
    for (const stage of this.encoder) h = stage.apply(h);
    const feat = this.toFeat.apply(tf.reshape(h, [N, -1]));
    const { size, channels } = this.top;
    h = tf.reshape(this.fromFeat.apply(feat), [N, size, size, channels]);
    for (const stage of this.decoder) h = stage.apply(h);
    return h;
  }
}

/** Mean over frames of the summed squared error: the peer's loss. */
export function reconstructionLoss(model: ReferenceCnnAutoencoder, frames: tf.Tensor4D): tf.Scalar {
  return tf.mean(tf.sum(tf.square(tf.sub(model.apply(frames), frames)), [1, 2, 3]));
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const round1 = (x: number): number => Math.round(x * 10) / 10;

export const cnnBench: Bench = {
  name: 'cnn',
  describe:
    'the pixel workload (CNN encoder + transposed-CNN decoder on 64x64x3 frames, forward + backward + Adam), ms per update (--batch, --threads, --backend, --native-blas off, --depth, --profile)',
  async run(args) {
    const info = await initBackend(String(args.backend ?? 'auto') as BackendChoice, {
      threads: args.threads === undefined ? undefined : Number(args.threads),
      nativeBlas: args.nativeBlas === 'off' || args['native-blas'] === 'off' ? 'off' : 'auto',
      quiet: true,
    });
    const batch = Number(args.batch ?? CNN_CFG.batch);
    const depth = Number(args.depth ?? CNN_CFG.depth);
    const reps = Number(args.reps ?? CNN_CFG.reps);
    console.log(`${describeBackend(info)}; batch ${batch} frames 64x64x3, depth ${depth}, ${CNN_CFG.warmup} warm-up + ${reps} timed`);
    const model = new ReferenceCnnAutoencoder(depth, new TensorRng(Number(args.seed ?? 0)));
    const opt = new Adam('cnn_opt', model.variables(), { lr: CNN_CFG.lr, eps: CNN_CFG.adamEps, clip: CNN_CFG.clip });
    const { imageSize: S, channels: C } = CNN_CFG;
    const frames = new TensorRng(1).uniform([batch, S, S, C], -0.5, 0.5) as tf.Tensor4D;
    const times: number[] = [];
    for (let i = 0; i < CNN_CFG.warmup + reps; i += 1) {
      const t0 = performance.now();
      const { loss } = opt.minimize(() => reconstructionLoss(model, frames));
      const ms = performance.now() - t0;
      const timed = i >= CNN_CFG.warmup;
      if (timed) times.push(ms);
      console.log(`${timed ? 'update' : 'warmup'} ${ms.toFixed(0)} ms, loss ${loss.toFixed(1)} | tensors ${tf.memory().numTensors}`);
    }
    const cnnMs = mean(times);
    const summary = {
      backend: info.nativeBlas ? `${info.backend}+native` : info.backend,
      threads: info.blasThreads ?? info.threads,
      batch,
      cnn_step_ms: round1(cnnMs),
      frames_per_s: round1(batch / (cnnMs / 1000)),
    };
    console.log(`mean: ${summary.cnn_step_ms} ms per update, ${summary.frames_per_s} frames/s`);
    if (args.profile) {
      // One more update, every kernel counted and timed (the timers themselves add a little).
      const p = profileKernels(() => void opt.minimize(() => reconstructionLoss(model, frames)));
      console.log(formatKernelProfile('cnn update', p, 20));
    }
    if (args.json) console.log(JSON.stringify(summary));
  },
};
