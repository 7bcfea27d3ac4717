import { Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { CharTokenizer } from '../test/char-tokenizer.js';
import { ToyLatents } from '../test/toy-latents.js';
import { disposeLatentBatch, LatentBatcher } from './latent-batcher.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

const tokenizer = new CharTokenizer();

function batcher(size: number, batchSize: number, seed: string | number = 1, extra = {}) {
  return new LatentBatcher(new ToyLatents({ size }), tokenizer, {
    batchSize,
    promptLength: 12,
    rng: new Rng(seed).split('data'),
    ...extra,
  });
}

describe('LatentBatcher', () => {
  it('serves every example once per epoch, batches running across the epoch boundary', () => {
    const b = batcher(10, 4);
    const served = Array.from({ length: 5 }, () => b.nextIndices()).flat(); // 20 = two epochs
    const [e0, e1] = [served.slice(0, 10), served.slice(10)];
    expect([...e0].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...e1].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(e0).toEqual(Array.from(b.epochOrder(0)));
    expect(e1).toEqual(Array.from(b.epochOrder(1)));
    expect(e1).not.toEqual(e0);
    expect(b.position()).toEqual({ epoch: 2, index: 0 });
  });

  it('is seeded: the same seed gives the same order, another seed another', () => {
    expect(Array.from(batcher(50, 5, 'a').epochOrder(3))).toEqual(
      Array.from(batcher(50, 5, 'a').epochOrder(3)),
    );
    expect(Array.from(batcher(50, 5, 'a').epochOrder(3))).not.toEqual(
      Array.from(batcher(50, 5, 'b').epochOrder(3)),
    );
  });

  it('shuffles uniformly: each of the 6 orders of 3 examples appears about equally often', () => {
    const counts = new Map<string, number>();
    const b = batcher(3, 3);
    for (let e = 0; e < 1200; e++) {
      const key = Array.from(b.epochOrder(e)).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['012', '021', '102', '120', '201', '210']);
    // Binomial(1200, 1/6): mean 200, sd ≈ 12.9; ±5 sd.
    for (const c of counts.values()) expect(Math.abs(c - 200)).toBeLessThan(65);
  });

  it('resumes from a saved position with exactly the batches an uninterrupted batcher serves', () => {
    const straight = batcher(13, 5);
    const all = Array.from({ length: 8 }, () => straight.nextIndices());
    const first = batcher(13, 5);
    for (let i = 0; i < 3; i++) first.nextIndices();
    const resumed = batcher(13, 5, 1, { position: JSON.parse(JSON.stringify(first.position())) });
    expect(Array.from({ length: 5 }, () => resumed.nextIndices())).toEqual(all.slice(3));
  });

  it('builds latents and conditioning ids from the dataset and the tokenizer', () => {
    const data = new ToyLatents({ size: 8 });
    const b = new LatentBatcher(data, tokenizer, { batchSize: 3, promptLength: 6, rng: new Rng(2) });
    const { batch, indices, truncatedPrompts } = b.next();
    if (batch.kind !== 'continuous') throw new Error('expected continuous');
    expect(batch.latents.shape).toEqual([3, 2, 2, 2]);
    expect(batch.cond.ids.shape).toEqual([3, 6]);
    expect(batch.cond.ids.dtype).toBe('int32');
    const latents = batch.latents.dataSync();
    const ids = batch.cond.ids.dataSync();
    indices.forEach((index, row) => {
      const s = data.get(index);
      expect(Array.from(latents.slice(row * 8, row * 8 + 8))).toEqual(Array.from(s.latent));
      expect(Array.from(ids.slice(row * 6, row * 6 + 6))).toEqual(tokenizer.encodeFixed(s.caption, 6).ids);
    });
    expect(batch.cond.isNull).toEqual([false, false, false]);
    expect(truncatedPrompts).toBe(3); // 'a red square' + BOS/EOS is longer than 6 ids
    disposeLatentBatch(batch);
  });

  it('builds int32 id grids for discrete datasets', () => {
    const data = new ToyLatents({
      size: 4,
      kind: 'discrete',
      latentShape: { height: 2, width: 3, channels: 1 },
    });
    const { batch, indices } = new LatentBatcher(data, tokenizer, {
      batchSize: 2,
      promptLength: 20,
      rng: new Rng(0),
    }).next();
    if (batch.kind !== 'discrete') throw new Error('expected discrete');
    expect(batch.ids.shape).toEqual([2, 2, 3]);
    expect(batch.ids.dtype).toBe('int32');
    expect(Array.from(batch.ids.dataSync().slice(0, 6))).toEqual(Array.from(data.get(indices[0]!).latent));
  });

  it('names a malformed example and refuses an invalid position', () => {
    const data = new ToyLatents({ size: 4 });
    const wrong = {
      ...data,
      latentShape: { height: 3, width: 2, channels: 2 },
      get: (i: number) => data.get(i),
      kind: data.kind,
      size: 4,
    };
    const b = new LatentBatcher(wrong as typeof data, tokenizer, {
      batchSize: 2,
      promptLength: 4,
      rng: new Rng(0),
    });
    expect(() => b.batchOf([1])).toThrow(
      /latent dataset example 1 holds Float32Array\(8\); a continuous dataset of shape 3×2×2 needs Float32Array\(12\)/,
    );
    expect(() => batcher(4, 2, 1, { position: { epoch: 0, index: 4 } })).toThrow(
      /data position .* is invalid for a dataset of 4 examples/,
    );
  });
});
