// Convolutional layers on every backend: values against naive float64 loops, gradients against float64
// central differences. Both conv gradients are forward convolutions (wasm has no Conv2DBackpropFilter).
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { type Conv2dPadding, conv2d, resolvePadding } from './conv2d.js';
import { dropout } from './dropout.js';
import { groupNorm } from './group-norm.js';
import { avgPool2x, upsample2x } from './resample.js';
import { checkGradients } from './testing/check-gradients.js';
import { conv2dRef, groupNormRef } from './testing/reference.js';
import { randn } from './testing/tensors.js';
import { testRandom } from './testing/test-random.js';

function convCase(
  n: number,
  h: number,
  w: number,
  c: number,
  o: number,
  k: number,
  stride: number,
  padding: Conv2dPadding,
  seed: number,
) {
  const pad = resolvePadding(padding, h, w, k, stride);
  checkGradients(
    (x, wt, b) => conv2d(x as tf.Tensor4D, wt as tf.Tensor4D, b as tf.Tensor1D, { stride, padding }),
    [randn([n, h, w, c], seed), randn([k, k, c, o], seed + 1, 0.5), randn([o], seed + 2)],
    { reference: (x, wt, b) => conv2dRef(x, wt, b, { n, h, w, c, o, k, stride, pad }) },
  );
}

forEachBackend(['cpu', 'wasm'], () => {
  it('conv2d 3×3, stride 1, same padding', () => convCase(2, 4, 5, 2, 3, 3, 1, 'same', 1));
  it('conv2d 3×3, stride 2, LDM downsampling padding [0, 1, 0, 1]', () =>
    convCase(1, 6, 6, 2, 2, 3, 2, [0, 1, 0, 1], 4));
  it('conv2d 3×3, stride 2, valid, odd size (a row and a column unused)', () =>
    convCase(1, 7, 6, 2, 2, 3, 2, 'valid', 7));
  it('conv2d 4×4, stride 2, same padding (patch discriminator)', () =>
    convCase(2, 6, 6, 2, 2, 4, 2, 'same', 22));
  it('conv2d 1×1 and 4×4 stride 4 (patchify)', () => {
    convCase(2, 3, 3, 3, 2, 1, 1, 'valid', 10);
    convCase(1, 8, 8, 2, 3, 4, 4, 'valid', 13);
  });

  it('groupNorm', () => {
    checkGradients(
      (x, g, b) => groupNorm(x as tf.Tensor4D, 2, g, b, 1e-5),
      [randn([2, 2, 3, 4], 16), randn([4], 17), randn([4], 18)],
      { reference: (x, g, b) => groupNormRef(x, g, b, 2, 6, 4, 2, 1e-5) },
    );
  });

  it('upsample2x and avgPool2x', () => {
    checkGradients((x) => upsample2x(x as tf.Tensor4D), [randn([1, 2, 3, 2], 19)], {
      reference: (x) => {
        const y = new Float64Array(1 * 4 * 6 * 2);
        for (let i = 0; i < 4; i++)
          for (let j = 0; j < 6; j++)
            for (let c = 0; c < 2; c++) y[(i * 6 + j) * 2 + c] = x[((i >> 1) * 3 + (j >> 1)) * 2 + c]!;
        return y;
      },
    });
    checkGradients((x) => avgPool2x(x as tf.Tensor4D), [randn([1, 4, 2, 1], 20)], {
      reference: (x) => [0, 1].map((i) => (x[4 * i]! + x[4 * i + 1]! + x[4 * i + 2]! + x[4 * i + 3]!) / 4),
    });
  });

  it('dropout: the gradient is the kept-and-scaled mask', () => {
    const x = tf.add(randn([64], 21), 3); // away from 0, so y/x recovers the mask
    const y = dropout(x, 0.25, testRandom(5)).dataSync();
    const mask = Array.from(y, (v, i) => v / x.dataSync()[i]!);
    for (const m of mask) expect([0, 1 / 0.75].some((e) => Math.abs(m - e) < 1e-5)).toBe(true);
    const g = tf
      .grad((t: tf.Tensor) => tf.sum(dropout(t, 0.25, testRandom(5))))(x)
      .dataSync();
    Array.from(g).forEach((v, i) => {
      expect(v).toBeCloseTo(mask[i]!, 5);
    });
  });
});
