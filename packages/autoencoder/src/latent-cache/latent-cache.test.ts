import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset, DiscreteLatentCodec } from '@flopmatch/core';
import { FileFormatError, NotFoundError } from '@flopmatch/core';
import { ShapesDataset } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LatentCache } from './latent-cache.js';
import { writeLatentCache } from './write-latent-cache.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const HASH = 'ab'.repeat(32);

/** A discrete test codec: id of each 4×4 patch = round(10·(mean + 1)) of its red channel. */
const patchCodec: DiscreteLatentCodec = {
  specVersion: 'v1',
  id: 'codec:patch-mean',
  kind: 'discrete',
  imageShape: { height: 16, width: 16, channels: 3 },
  latentShape: { height: 4, width: 4, channels: 1 },
  downsampleFactor: 4,
  bitsPerPosition: Math.log2(21),
  codebookSize: 21,
  flops: { encodePerImage: 0, decodePerImage: 0 },
  config: { type: 'codec:patch-mean', version: 1 },
  encode: (images) =>
    tf.tidy(() => {
      const red = tf.slice(images, [0, 0, 0, 0], [-1, -1, -1, 1]);
      const mean = tf.avgPool(red as tf.Tensor4D, 4, 4, 'valid');
      return tf.cast(tf.round(tf.mul(tf.add(tf.squeeze(mean, [3]), 1), 10)), 'int32') as tf.Tensor3D;
    }),
  decode: () => {
    throw new Error('not needed');
  },
};

describe('latent cache', () => {
  it('writes once and reads back every sample by random access, with captions, metadata and the codec hash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cache-'));
    const data: Dataset = new ShapesDataset({ resolution: 16, split: 'test', size: 40 });
    const seen: number[] = [];
    const manifest = await writeLatentCache({
      dir,
      codec: patchCodec,
      codecHash: HASH,
      dataset: data,
      start: 3,
      count: 21,
      batchSize: 8,
      onProgress: (n) => seen.push(n),
    });
    expect(seen).toEqual([8, 16, 21]);
    expect(manifest).toMatchObject({
      kind: 'discrete',
      dtype: 'int32',
      size: 21,
      codebookSize: 21,
      dataset: { id: 'dataset:shapes', start: 3 },
    });
    const cache = LatentCache.open(dir);
    expect(cache).toMatchObject({
      kind: 'discrete',
      size: 21,
      codecHash: HASH,
      codebookSize: 21,
      latentShape: { height: 4, width: 4, channels: 1 },
    });
    for (const i of [20, 0, 13]) {
      const sample = data.get(3 + i);
      const expected = patchCodec.encode(tf.tensor4d(sample.image, [1, 16, 16, 3]));
      const got = cache.get(i);
      expect(got.latent).toBeInstanceOf(Int32Array);
      expect(Array.from(got.latent)).toEqual(Array.from(expected.dataSync()));
      expect(got.caption).toBe(sample.caption);
      expect(got.meta).toEqual(JSON.parse(JSON.stringify(sample.meta)));
    }
    expect(() => cache.get(21)).toThrow(/index 21 is outside \[0, 21\)/);
    cache.expectCodec(HASH);
    expect(() => cache.expectCodec('cd'.repeat(32))).toThrow(
      /latents were encoded by codec abababababab…, not cdcdcdcdcdcd…/,
    );
    cache.close();
    expect(() => cache.get(0)).toThrow(/the cache is closed/);
  });

  it('refuses a cache whose files changed, or that was never finished, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cache-bad-'));
    const data = new ShapesDataset({ resolution: 16, split: 'test', size: 8 });
    await writeLatentCache({ dir, codec: patchCodec, codecHash: HASH, dataset: data });
    const latents = join(dir, 'latents.bin');
    const bytes = await readFile(latents);
    bytes[0] = bytes[0]! ^ 1;
    await writeFile(latents, bytes);
    expect(() => LatentCache.open(dir)).toThrow(FileFormatError);
    expect(() => LatentCache.open(dir)).toThrow(new RegExp(`${latents}: sha256 mismatch`));
    expect(() => LatentCache.open(dir, { verify: false }).close()).not.toThrow();
    await writeFile(latents, bytes.subarray(0, 16));
    expect(() => LatentCache.open(dir, { verify: false })).toThrow(
      /size mismatch: manifest says 512 bytes, found 16/,
    );
    const empty = await mkdtemp(join(tmpdir(), 'cache-none-'));
    expect(() => LatentCache.open(empty)).toThrow(NotFoundError);
    expect(() => LatentCache.open(empty)).toThrow(
      /latent cache manifest not found\n {2}fix: write the cache with `flopmatch ae encode`/,
    );
  });

  it('checks the request before writing anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cache-req-'));
    const data = new ShapesDataset({ resolution: 32, split: 'test', size: 8 });
    await expect(
      writeLatentCache({ dir, codec: patchCodec, codecHash: HASH, dataset: data }),
    ).rejects.toThrow(/images are 32×32×3, the codec takes 16×16×3/);
    await expect(writeLatentCache({ dir, codec: patchCodec, codecHash: 'x', dataset: data })).rejects.toThrow(
      /codecHash 'x' is not a sha256 hex digest/,
    );
  });
});
