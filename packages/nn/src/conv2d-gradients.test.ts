// The pieces of conv2d's backward pass: zero insertion and the stride-s valid convolution, against hand
// values and float64 loops (conv.conformance.test.ts checks the padded conv2d on both backends).
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { dilate2d, validConv2d } from './conv2d-gradients.js';
import { checkGradients } from './testing/check-gradients.js';
import { conv2dRef } from './testing/reference.js';
import { randn } from './testing/tensors.js';

forEachBackend(['cpu', 'wasm'], () => {
  it('dilate2d inserts s − 1 zeros between rows and columns', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(Array.from(dilate2d(x, 2).dataSync())).toEqual([1, 0, 2, 0, 0, 0, 3, 0, 4]);
    expect(dilate2d(tf.zeros([2, 3, 2, 5]) as tf.Tensor4D, 3).shape).toEqual([2, 7, 4, 5]);
    expect(Array.from(dilate2d(x, 1).dataSync())).toEqual([1, 2, 3, 4]);
  });

  it('validConv2d: 3×3 stride 3 on 8×7 (rows and columns past the last window get zero gradient)', () => {
    const [n, h, w, c, o, k, stride] = [1, 8, 7, 2, 2, 3, 3];
    const report = checkGradients(
      (x, wt) => validConv2d(x as tf.Tensor4D, wt as tf.Tensor4D, stride),
      [randn([n, h, w, c], 31), randn([k, k, c, o], 32, 0.5)],
      { reference: (x, wt) => conv2dRef(x, wt, undefined, { n, h, w, c, o, k, stride, pad: [0, 0, 0, 0] }) },
    );
    expect(report.checked).toBe(n * h * w * c + k * k * c * o);
  });
});
