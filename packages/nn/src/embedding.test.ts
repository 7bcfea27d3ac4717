import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Embedding, embedding } from './embedding.js';
import { testRandom } from './testing/test-random.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('Embedding', () => {
  it('looks rows up for ids of any shape and counts vocab·dim parameters', () => {
    const emb = new Embedding(4, 2, { rng: testRandom(1) });
    emb.weight.assign(
      tf.tensor2d([
        [0, 1],
        [10, 11],
        [20, 21],
        [30, 31],
      ]),
    );
    const y = emb.forward(
      tf.tensor2d(
        [
          [3, 0],
          [1, 1],
        ],
        [2, 2],
        'int32',
      ),
    );
    expect(y.shape).toEqual([2, 2, 2]);
    expect(Array.from(y.dataSync())).toEqual([30, 31, 0, 1, 10, 11, 10, 11]);
    expect(emb.parameterCount()).toBe(8);
    expect([...emb.noDecayNames()]).toEqual(['weight']);
  });

  it('sums the gradient rows of repeated ids and leaves unused rows at zero', () => {
    const table = tf.zeros([4, 2]) as tf.Tensor2D;
    const ids = tf.tensor1d([2, 0, 2], 'int32');
    const dy = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embedding(t as tf.Tensor2D, ids), dy)))(table);
    expect(Array.from(g.dataSync())).toEqual([3, 4, 0, 0, 6, 8, 0, 0]);
  });

  it('differentiates when the ids come from an argmin of the trained table (nearest code, as in VQ)', () => {
    // ids = argmin_k ‖v − e_k‖² depend on the table, so the tape asks for a gradient of the ids too: it is
    // zero, and must be float32 (tfjs refuses an int32 gradient).
    const table = tf.tensor2d([
      [0, 0],
      [1, 0],
      [0, 2],
    ]);
    const v = tf.tensor2d([
      [0.9, 0.1], // nearest row 1
      [0.1, 1.8], // nearest row 2
      [0.8, -0.2], // nearest row 1
    ]);
    const c = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const g = tf.grad((t: tf.Tensor) => {
      const dist = tf.sub(tf.sum(tf.square(t), -1), tf.mul(tf.matMul(v, t, false, true), 2)); // [3, K]
      const ids = tf.argMin(dist, -1);
      return tf.sum(tf.mul(embedding(t as tf.Tensor2D, ids), c));
    })(table);
    // row 1 gets c₀ + c₂ = [6, 8], row 2 gets c₁ = [3, 4], row 0 is unused
    expect(Array.from(g.dataSync())).toEqual([0, 0, 6, 8, 3, 4]);
  });

  it('rejects float ids with the fix', () => {
    expect(() => embedding(tf.zeros([4, 2]) as tf.Tensor2D, tf.tensor1d([1]))).toThrow(
      /ids must be int32, got float32[\s\S]*fix: tf.cast/,
    );
  });
});
