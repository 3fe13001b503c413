import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckpointParts } from '../../src/run/checkpoint.js';
import { checkpointsDir, latestCheckpoint, listCheckpoints, loadCheckpoint, MANIFEST_FILE, saveCheckpoint } from '../../src/run/checkpoint.js';
import { CheckpointError } from '../../src/util/errors.js';
import { readNpz } from '../../src/io/npz.js';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

function logdir(): string {
  return mkdtempSync(join(tmpdir(), 'ckpt-'));
}

/** A small but complete set of parts; `seed` changes every value so checkpoints differ. */
function parts(seed = 1): CheckpointParts {
  const kernel = Float32Array.from({ length: 6 }, (_, i) => seed * 0.5 + i * 0.25);
  return {
    tensors: {
      weights: {
        'wm/encoder/0/kernel': { dtype: 'F32', shape: [2, 3], data: kernel },
        'wm/encoder/0/bias': { dtype: 'F32', shape: [3], data: Float32Array.of(seed, -seed, 0.125) },
      },
      optimizer: { 'adam/m': { dtype: 'F64', shape: [4], data: Float64Array.of(1e-300, seed, -2.5, 3) } },
    },
    json: {
      meta: { step: 1000 * seed, episodes: 7, rng: { state: [1, 2, 3, seed] }, config: { env: { id: 'CartPole-v1' } } },
    },
    arrays: {
      replay: {
        obs: { dtype: 'F32', shape: [2, 3, 1], data: Float32Array.of(0, 1, 2, 3, 4, seed) },
        isFirst: { dtype: 'U8', shape: [2, 3], data: Uint8Array.of(1, 0, 0, 1, 0, 0) },
        heads: { dtype: 'I32', shape: [2], data: Int32Array.of(3, seed) },
      },
    },
  };
}

function expectSameParts(actual: CheckpointParts, expected: CheckpointParts): void {
  expect(Object.keys(actual.tensors).sort()).toEqual(Object.keys(expected.tensors).sort());
  for (const group of ['tensors', 'arrays'] as const) {
    for (const [stem, named] of Object.entries(expected[group])) {
      for (const [name, a] of Object.entries(named)) {
        const got = actual[group][stem]![name]!;
        expect([got.dtype, got.shape]).toEqual([a.dtype, a.shape]);
        expect(got.data.constructor).toBe(a.data.constructor);
        expect(got.data).toEqual(a.data);
      }
    }
  }
  expect(actual.json).toEqual(expected.json);
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips tensors, JSON and arrays bit for bit, and lays out the files users expect', () => {
    const dir = logdir();
    const path = saveCheckpoint(dir, 1000, parts());
    expect(path).toBe(join(checkpointsDir(dir), 'ckpt-000000001000'));
    expect(readdirSync(path).sort()).toEqual([MANIFEST_FILE, 'meta.json', 'optimizer.safetensors', 'replay.npz', 'weights.safetensors']);
    const loaded = loadCheckpoint(dir);
    expect([loaded.path, loaded.step]).toEqual([path, 1000]);
    expectSameParts(loaded, parts());
    const manifest = JSON.parse(readFileSync(join(path, MANIFEST_FILE), 'utf8'));
    expect(manifest.files['weights.safetensors'].bytes).toBe(readFileSync(join(path, 'weights.safetensors')).length);
  });

  it('keeps the newest K and loads the newest; a logdir or a ckpt folder both work', () => {
    const dir = logdir();
    for (let k = 1; k <= 5; k++) saveCheckpoint(dir, 1000 * k, parts(k), { keep: 3 });
    expect(listCheckpoints(dir).map((c) => c.step)).toEqual([5000, 4000, 3000]);
    expect(loadCheckpoint(dir).json.meta).toEqual(parts(5).json.meta);
    expect(loadCheckpoint(join(checkpointsDir(dir), 'ckpt-000000003000')).step).toBe(3000);
  });

  it('splits large arrays parts into .npz chunks and joins them on load', () => {
    const dir = logdir();
    // obs is 24 bytes, isFirst 6, heads 8: a 25-byte limit gives [obs], [isFirst, heads]
    const path = saveCheckpoint(dir, 1000, parts(), { chunkBytes: 25 });
    expect(readdirSync(path).filter((f) => f.endsWith('.npz')).sort()).toEqual(['replay.0.npz', 'replay.1.npz']);
    expect([Object.keys(readNpz(join(path, 'replay.0.npz'))), Object.keys(readNpz(join(path, 'replay.1.npz')))]).toEqual([['obs'], ['isFirst', 'heads']]);
    expectSameParts(loadCheckpoint(dir), parts());
  });

  it('replaces a checkpoint of the same step', () => {
    const dir = logdir();
    saveCheckpoint(dir, 1000, parts(1));
    saveCheckpoint(dir, 1000, parts(2));
    expect(listCheckpoints(dir)).toHaveLength(1);
    expect(loadCheckpoint(dir).json.meta).toEqual(parts(2).json.meta);
  });
});

describe('crash safety', () => {
  it('an exception mid-write leaves the previous checkpoint as latest and no temp folder', () => {
    const dir = logdir();
    saveCheckpoint(dir, 1000, parts(1));
    const crash = (name: string) => {
      if (name === 'optimizer.safetensors') throw new Error('disk full');
    };
    expect(() => saveCheckpoint(dir, 2000, parts(2), { afterFile: crash })).toThrow('disk full');
    expect(readdirSync(checkpointsDir(dir))).toEqual(['ckpt-000000001000']);
    expect(loadCheckpoint(dir).step).toBe(1000);
  });

  it('a killed writer (temp folder, folder without manifest) is never loaded and is cleaned on the next save', () => {
    const dir = logdir();
    saveCheckpoint(dir, 1000, parts(1));
    const root = checkpointsDir(dir);
    mkdirSync(join(root, '.tmp-ckpt-000000002000-dead'));
    writeFileSync(join(root, '.tmp-ckpt-000000002000-dead', 'weights.safetensors'), 'half');
    mkdirSync(join(root, 'ckpt-000000003000'));
    expect(latestCheckpoint(dir)?.step).toBe(1000);
    expect(loadCheckpoint(dir).step).toBe(1000);
    saveCheckpoint(dir, 4000, parts(4));
    expect(existsSync(join(root, '.tmp-ckpt-000000002000-dead'))).toBe(false);
  });

  it('a delete cut short (an old ckpt folder whose manifest is gone) is removed by the next prune, and prunes go through a temp name', () => {
    const dir = logdir();
    const root = checkpointsDir(dir);
    for (let k = 1; k <= 3; k++) saveCheckpoint(dir, 1000 * k, parts(k), { keep: 2 });
    // A SIGKILL while the old checkpoint 1000 was being deleted: its folder is there, its manifest already gone.
    mkdirSync(join(root, 'ckpt-000000000500'));
    writeFileSync(join(root, 'ckpt-000000000500', 'weights.safetensors'), 'half');
    saveCheckpoint(dir, 4000, parts(4), { keep: 2 });
    expect(readdirSync(root).sort()).toEqual(['ckpt-000000003000', 'ckpt-000000004000']);
    // A newer folder without a manifest is not an interrupted prune's: it is left for the user to look at.
    mkdirSync(join(root, 'ckpt-000000009000'));
    saveCheckpoint(dir, 5000, parts(5), { keep: 2 });
    expect(readdirSync(root).sort()).toEqual(['ckpt-000000004000', 'ckpt-000000005000', 'ckpt-000000009000']);
  });
});

describe('errors that name the file and the fix', () => {
  function twoCheckpoints(): { dir: string; newest: string } {
    const dir = logdir();
    saveCheckpoint(dir, 1000, parts(1));
    return { dir, newest: saveCheckpoint(dir, 2000, parts(2)) };
  }

  it('a flipped byte, a truncated file and a missing file', () => {
    const { dir, newest } = twoCheckpoints();
    const weights = join(newest, 'weights.safetensors');
    const bytes = readFileSync(weights);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(weights, bytes);
    expect(() => loadCheckpoint(dir)).toThrow(/weights\.safetensors does not match its SHA-256 .*delete .*ckpt-000000002000 to resume from .*ckpt-000000001000/);
    truncateSync(weights, 10);
    expect(() => loadCheckpoint(dir)).toThrow(/weights\.safetensors has 10 bytes but MANIFEST\.json says \d+: the file is truncated/);
    rmSync(join(newest, 'replay.npz'));
    expect(() => loadCheckpoint(dir)).toThrow(CheckpointError);
  });

  it('a missing path, a run without checkpoints, a broken or tampered manifest', () => {
    const dir = logdir();
    expect(() => loadCheckpoint(join(dir, 'nope'))).toThrow(/no checkpoint at ".*nope": pass the --logdir/);
    expect(() => loadCheckpoint(dir)).toThrow(/holds no complete checkpoint.*train longer or lower run.checkpoint_every/);
    const path = saveCheckpoint(dir, 1000, parts());
    const manifestPath = join(path, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.parts.json.push('../../../etc/passwd');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(() => loadCheckpoint(dir)).toThrow(/names a file "\.\.\/\.\.\/\.\.\/etc\/passwd" outside the checkpoint folder/);
    writeFileSync(manifestPath, '{"format": "dreamer-ts-che');
    expect(() => loadCheckpoint(dir)).toThrow(/MANIFEST\.json is not valid JSON/);
  });

  it('names, shapes and dtypes that do not match what the model expects', () => {
    const dir = logdir();
    saveCheckpoint(dir, 1000, parts());
    const expectWeights = {
      'wm/encoder/0/kernel': { dtype: 'F32' as const, shape: [2, 4] },
      'wm/encoder/0/bias': { dtype: 'F64' as const, shape: [3] },
      'wm/decoder/0/kernel': { dtype: 'F32' as const, shape: [3, 2] },
    };
    const err = errorOf(() => loadCheckpoint(dir, { expect: { weights: expectWeights } }));
    expect(err).toBeInstanceOf(CheckpointError);
    expect(err.message).toMatch(/weights\.safetensors does not match this model: /);
    expect(err.message).toContain('missing `wm/decoder/0/kernel`');
    expect(err.message).toContain('`wm/encoder/0/kernel` has shape [2, 3], expected [2, 4]');
    expect(err.message).toContain('`wm/encoder/0/bias` is F32, expected F64');
    expect(err.message).toContain("Resume with the run's own config.yaml");
    const exact = { 'wm/encoder/0/kernel': { dtype: 'F32' as const, shape: [2, 3] }, 'wm/encoder/0/bias': { dtype: 'F32' as const, shape: [3] } };
    expect(loadCheckpoint(dir, { expect: { weights: exact } }).step).toBe(1000);
    expect(() => loadCheckpoint(dir, { expect: { critic: exact } })).toThrow(/has no critic\.safetensors/);
  });
});
