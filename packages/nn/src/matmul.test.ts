import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { NN_BATCH_MATMUL, NN_SWAP_LAST_AXES } from './kernels/kernel-names.js';
import { batchMatmul, linear, matmul } from './matmul.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('matmul', () => {
  it('multiplies a hand case', () => {
    const y = matmul(
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      tf.tensor2d([[5], [6]]),
    );
    expect(Array.from(y.dataSync())).toEqual([17, 39]);
  });

  it('has the same gradient as tfjs MatMul, computed with explicit transposes', () => {
    const a = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tf.tensor2d([
      [1, -1],
      [2, 0],
      [0.5, 3],
    ]);
    const w = tf.tensor2d([
      [1, 2],
      [-3, 0.5],
    ]);
    const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(matmul(x as tf.Tensor2D, y as tf.Tensor2D), w)),
    )([a, b]);
    const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), w)),
    )([a, b]);
    for (let i = 0; i < 2; i++)
      expect(Array.from(ours[i]!.dataSync())).toEqual(Array.from(theirs[i]!.dataSync()));
  });

  it('runs its backward as two transposes and plain products (nn kernels on cpu)', async () => {
    const a = tf.randomNormal([4, 3]);
    const b = tf.randomNormal([3, 5]);
    const info = await tf.profile(() =>
      tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(matmul(x as tf.Tensor2D, y as tf.Tensor2D)))([a, b]),
    );
    const names = info.kernels.map((k) => k.name);
    expect(names.filter((n) => n === NN_SWAP_LAST_AXES)).toHaveLength(2); // aᵀ and bᵀ
    expect(names.filter((n) => n === NN_BATCH_MATMUL)).toHaveLength(3); // forward + dA + dB
    expect(names).not.toContain('BatchMatMul'); // no flagged product anywhere
  });

  it('batches products and rejects shapes that do not fit, naming them', () => {
    const y = batchMatmul(tf.ones([2, 1, 3]) as tf.Tensor3D, tf.ones([2, 3, 2]) as tf.Tensor3D);
    expect(y.shape).toEqual([2, 1, 2]);
    expect(Array.from(y.dataSync())).toEqual([3, 3, 3, 3]);
    expect(() => matmul(tf.ones([2, 3]) as tf.Tensor2D, tf.ones([2, 3]) as tf.Tensor2D)).toThrow(
      /matmul: cannot multiply \[2,3\] by \[2,3\]/,
    );
    expect(() => batchMatmul(tf.ones([2, 1, 3]) as tf.Tensor3D, tf.ones([1, 3, 2]) as tf.Tensor3D)).toThrow(
      /same B/,
    );
  });
});

describe('linear', () => {
  it('maps the last axis of any rank', () => {
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ]); // [1, 3, 2]
    const y = linear(
      x,
      tf.tensor2d([
        [1, 0, 1],
        [0, 1, 1],
      ]),
      tf.tensor1d([0, 0, 10]),
    );
    expect(y.shape).toEqual([1, 3, 3]);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 13, 3, 4, 17, 5, 6, 21]);
    expect(() => linear(tf.ones([2, 3]), tf.ones([2, 3]) as tf.Tensor2D)).toThrow(
      /input \[2,3\] does not end in 2 features/,
    );
  });
});
