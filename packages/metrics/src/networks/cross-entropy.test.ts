import { checkGradients } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { argmaxRows, crossEntropy, IGNORE_LABEL } from './cross-entropy.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

/** −log softmax(z)[y] in float64, averaged over non-ignored rows. */
function reference(z: ArrayLike<number>, labels: Int32Array, k: number): number {
  let sum = 0;
  let count = 0;
  labels.forEach((y, i) => {
    if (y === IGNORE_LABEL) return;
    const row = Array.from({ length: k }, (_, j) => z[i * k + j]!);
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
    sum += lse - row[y]!;
    count++;
  });
  return count ? sum / count : 0;
}

describe('crossEntropy', () => {
  it('is log 2 for two equal logits and matches a float64 reference with ignored rows', () => {
    expect(crossEntropy(tf.tensor2d([[0, 0]]), Int32Array.of(1)).dataSync()[0]).toBeCloseTo(Math.log(2), 6);
    const z = [2, -1, 0.5, 0.1, 0.2, 3, -2, 4, 1];
    const labels = Int32Array.of(0, IGNORE_LABEL, 2);
    expect(crossEntropy(tf.tensor2d(z, [3, 3]), labels).dataSync()[0]).toBeCloseTo(
      reference(z, labels, 3),
      5,
    );
    expect(crossEntropy(tf.tensor2d(z, [3, 3]), Int32Array.of(-1, -1, -1)).dataSync()[0]).toBe(0);
  });

  it('has the gradient of the float64 reference (finite differences)', () => {
    const labels = Int32Array.of(1, IGNORE_LABEL, 0, 2);
    checkGradients(
      (z) => crossEntropy(z as tf.Tensor2D, labels),
      [tf.randomNormal([4, 3], 0, 1, 'float32', 5)],
      {
        reference: (z) => [reference(z, labels, 3)],
      },
    );
  });

  it('refuses labels out of range or of the wrong count', () => {
    expect(() => crossEntropy(tf.zeros([2, 3]) as tf.Tensor2D, Int32Array.of(0, 3))).toThrow(
      /label 3 at row 1 is not in \[0, 3\)/,
    );
    expect(() => crossEntropy(tf.zeros([2, 3]) as tf.Tensor2D, Int32Array.of(0))).toThrow(
      /1 labels for 2 rows/,
    );
  });

  it('argmaxRows picks the first maximum of each row, with offset and stride', () => {
    expect(Array.from(argmaxRows([1, 3, 3, 0, -1, -2], 2, 3))).toEqual([1, 0]);
    expect(Array.from(argmaxRows([9, 1, 2, 9, 5, 4], 2, 2, 1, 3))).toEqual([1, 0]);
  });
});
