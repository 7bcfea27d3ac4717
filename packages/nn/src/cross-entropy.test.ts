import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { sparseSoftmaxCrossEntropy } from './cross-entropy.js';
import { checkGradients } from './testing/check-gradients.js';
import { randn } from './testing/tensors.js';

/** −log softmax(x_i)[y_i] in float64. */
function crossEntropyRef(x: Float64Array, labels: number[], K: number): Float64Array {
  return Float64Array.from(labels, (y, i) => {
    const row = x.subarray(i * K, (i + 1) * K);
    const max = Math.max(...row);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    return Math.log(sum) + max - row[y]!;
  });
}

forEachBackend(['cpu', 'wasm'], () => {
  it('matches a float64 reference in value and gradient', () => {
    const labels = [3, 0, 6, 6, 1];
    const ids = tf.tensor1d(labels, 'int32');
    checkGradients((x) => sparseSoftmaxCrossEntropy(x as tf.Tensor2D, ids), [randn([5, 7], 1, 2)], {
      reference: (x) => crossEntropyRef(x, labels, 7),
    });
  });

  it('is log 2 for two equal logits and stays finite where logSoftmax would underflow', () => {
    expect(
      sparseSoftmaxCrossEntropy(tf.tensor2d([[0, 0]]), tf.tensor1d([1], 'int32')).dataSync()[0],
    ).toBeCloseTo(Math.LN2, 6);
    const far = sparseSoftmaxCrossEntropy(tf.tensor2d([[1000, 0, -1000]]), tf.tensor1d([2], 'int32'));
    expect(far.dataSync()[0]).toBeCloseTo(2000, 2);
  });

  it('names the shapes and the dtype when the labels do not fit', () => {
    expect(() =>
      sparseSoftmaxCrossEntropy(tf.zeros([2, 3]) as tf.Tensor2D, tf.tensor1d([0], 'int32')),
    ).toThrow(/logits \[2,3\] and labels \[1\] do not fit/);
    expect(() => sparseSoftmaxCrossEntropy(tf.zeros([1, 3]) as tf.Tensor2D, tf.tensor1d([0]))).toThrow(
      /labels must be int32/,
    );
  });
});
