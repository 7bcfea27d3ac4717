import { type DataSample, type Dataset, Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapesDataset } from '../shapes/shapes-dataset.js';
import { DataLoader, type DataPosition } from './data-loader.js';

/** A test double: sample i is a 1×1×1 image holding i / size and the caption `#i`. */
function counting(size: number): Dataset & { reads: number[] } {
  const reads: number[] = [];
  return {
    specVersion: 'v1',
    id: 'dataset:counting',
    imageShape: { height: 1, width: 1, channels: 1 },
    size,
    config: {},
    reads,
    get(i: number): DataSample {
      reads.push(i);
      return { image: Float32Array.of(i / size), caption: `#${i}`, meta: { i } };
    },
  };
}

const take = (loader: DataLoader, batches: number) =>
  Array.from({ length: batches }, () => loader.nextIndices());

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('DataLoader', () => {
  it('visits every sample once per epoch, in a new order each epoch', () => {
    const loader = new DataLoader(counting(10), { batchSize: 3, dropLast: false, seed: 4 });
    expect(loader.batchesPerEpoch).toBe(4);
    const epoch0 = take(loader, 4);
    const epoch1 = take(loader, 4);
    expect(epoch0.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(epoch0.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epoch1.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epoch1.flat()).not.toEqual(epoch0.flat());
    expect(loader.position()).toEqual({ epoch: 1, index: 10 });
  });

  it('drops the last incomplete batch by default', () => {
    const loader = new DataLoader(counting(10), { batchSize: 3 });
    expect(loader.batchesPerEpoch).toBe(3);
    take(loader, 3);
    expect(loader.position()).toEqual({ epoch: 0, index: 9 });
    expect(loader.nextIndices().length).toBe(3);
    expect(loader.position()).toEqual({ epoch: 1, index: 3 });
  });

  it('is deterministic in the seed, and serves dataset order without shuffle', () => {
    const a = take(new DataLoader(counting(50), { batchSize: 5, seed: 1 }), 20);
    expect(take(new DataLoader(counting(50), { batchSize: 5, seed: 1 }), 20)).toEqual(a);
    expect(take(new DataLoader(counting(50), { batchSize: 5, seed: 2 }), 20)).not.toEqual(a);
    expect(take(new DataLoader(counting(6), { batchSize: 2, shuffle: false }), 4)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [0, 1],
    ]);
  });

  it('takes its shuffles from a RandomSource by split key', () => {
    const used = new Rng(9);
    used.uniform();
    const a = take(new DataLoader(counting(30), { batchSize: 4, rng: new Rng(9) }), 10);
    expect(take(new DataLoader(counting(30), { batchSize: 4, rng: used }), 10)).toEqual(a);
  });

  it('resumes from a saved position with exactly the batches it would have served', () => {
    const options = { batchSize: 4, seed: 7, subset: 30 };
    const original = new DataLoader(counting(1000), options);
    take(original, 9); // crosses into epoch 1 (7 batches per epoch)
    const saved: DataPosition = JSON.parse(JSON.stringify(original.position()));
    expect(saved).toEqual({ epoch: 1, index: 8 });
    const resumed = new DataLoader(counting(1000), { ...options, position: saved });
    expect(take(resumed, 12)).toEqual(take(original, 12));
  });

  it('restricts training to `subset` distinct images, nested across subset sizes', () => {
    const small = new Set(take(new DataLoader(counting(500), { batchSize: 10, subset: 40 }), 12).flat());
    const large = new Set(take(new DataLoader(counting(500), { batchSize: 10, subset: 200 }), 40).flat());
    expect(small.size).toBe(40);
    expect(large.size).toBe(200);
    for (const i of small) expect(large.has(i)).toBe(true);
    expect(Math.max(...large)).toBeGreaterThan(250); // drawn from the whole dataset, not its head
  });

  it('shuffles a 2^31-sample stream lazily', () => {
    const ds = counting(2 ** 31 - 1);
    const batch = new DataLoader(ds, { batchSize: 8, seed: 3 }).nextIndices();
    expect(new Set(batch).size).toBe(8);
    for (const i of batch) expect(i >= 0 && i < ds.size).toBe(true);
  });

  it('builds ImageBatch tensors from the dataset samples', () => {
    const ds = new ShapesDataset({ seed: 2, resolution: 16 });
    const loader = new DataLoader(ds, { batchSize: 3, seed: 5 });
    const indices = new DataLoader(ds, { batchSize: 3, seed: 5 }).nextIndices();
    const batch = loader.next();
    expect(batch.images.shape).toEqual([3, 16, 16, 3]);
    const data = batch.images.dataSync();
    indices.forEach((index, k) => {
      const sample = ds.get(index);
      expect(Array.from(data.subarray(k * 768, (k + 1) * 768))).toEqual(Array.from(sample.image));
      expect(batch.captions[k]).toBe(sample.caption);
      expect(batch.meta?.[k]).toEqual(sample.meta);
    });
    tf.dispose(batch.images);
  });

  it('rejects impossible options and positions with the field and the fix', () => {
    expect(() => new DataLoader(counting(10), { batchSize: 20 })).toThrow(
      /no full batch of 20.*fix: lower batchSize/s,
    );
    expect(() => new DataLoader(counting(10), { batchSize: 2, subset: 11 })).toThrow(
      /subset 11 exceeds dataset:counting's 10 samples/,
    );
    expect(() => new DataLoader(counting(10), { batchSize: 2, position: { epoch: 0, index: 11 } })).toThrow(
      /loader position.*index = 11/s,
    );
    expect(() => new DataLoader(counting(10), { batchSize: 0 })).toThrow(/batchSize = 0/);
  });
});
