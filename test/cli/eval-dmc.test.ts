import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VIDEO_FRAME_SIZE } from '../../src/cli/checkpoint-policy.js';
import { TINY } from '../agents/dreamer/helpers.js';
import { decodeGif } from '../video/gif-reader.js';
import { runCli, tempDir } from './helpers.js';

describe('dreamer eval --video on a DMC checkpoint', () => {
  it('a tiny Dreamer run on cartpole-swingup (action repeat 2), then a GIF of its episodes from the fixed camera', async () => {
    const logdir = tempDir('dmc-eval-');
    const train = await runCli([
      'train', ...TINY, 'backend=cpu', 'env.id=dm_control/cartpole-swingup-v0', 'env.max_episode_steps=8', 'env.action_repeat=2',
      'run.steps=40', 'run.prefill=20', 'run.train_ratio=4.0', 'run.eval_every=0', 'replay.batch_size=2', 'replay.seq_len=4', 'log.sinks=[jsonl]',
      '--logdir', logdir,
    ]);
    expect(train.err).toEqual([]);
    expect(train.code).toBe(0);
    const gif = join(logdir, 'eval.gif');
    const { code, err, out } = await runCli(['eval', '--checkpoint', logdir, '--episodes', '2', '--video', gif, '--json']);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(JSON.parse(out[out.length - 1]!)).toMatchObject({ env: 'dm_control/cartpole-swingup-v0', episodes: 2, length_mean: 4 });
    // At action repeat 2 an 8-control-step episode is 4 agent steps: a frame at each reset and agent step.
    const decoded = decodeGif(new Uint8Array(readFileSync(gif)));
    expect(decoded.frames).toHaveLength(2 * (4 + 1));
    expect([decoded.width, decoded.height]).toEqual([VIDEO_FRAME_SIZE.width, VIDEO_FRAME_SIZE.height]);
    // The frames show the scene: the top is sky (blue over red), the swinging cartpole changes the picture.
    const first = decoded.frames[0]!.rgb;
    expect(first[2]!).toBeGreaterThan(first[0]! + 40);
    expect(decoded.frames[4]!.rgb).not.toEqual(first);
  }, 120_000);
});
