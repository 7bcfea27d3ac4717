/**
 * Claim: on the wasm backend, a conv layer's forward + backward through `fastConv2d` is several times faster
 * than through `@flopmatch/nn`'s `conv2d` (whose input gradient is `conv2dTranspose` and weight gradient an
 * im2col matrix that is transposed), at the demo autoencoder's sizes, batch 16. Both compute the same values
 * and gradients (see fast-conv2d.test.ts). Run: `npx vitest bench --run --project autoencoder` (repo root).
 */
import { type Conv2dPadding, conv2d } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, bench, describe } from 'vitest';
import { fastConv2d } from '../src/network/fast-conv2d.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const CASES: {
  name: string;
  H: number;
  C: number;
  O: number;
  k: number;
  stride: number;
  padding: Conv2dPadding;
}[] = [
  {
    name: '3×3, 32×32×16 → 16 (full-resolution block)',
    H: 32,
    C: 16,
    O: 16,
    k: 3,
    stride: 1,
    padding: 'same',
  },
  {
    name: '3×3 stride 2, 32×32×16 → 16×16 (downsampling)',
    H: 32,
    C: 16,
    O: 16,
    k: 3,
    stride: 2,
    padding: [0, 1, 0, 1],
  },
  {
    name: '3×3, 8×8×64 → 64 (latent-resolution block)',
    H: 8,
    C: 64,
    O: 64,
    k: 3,
    stride: 1,
    padding: 'same',
  },
];

type Conv = (
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  b: tf.Tensor1D,
  c: { stride: number; padding: Conv2dPadding },
) => tf.Tensor4D;

function step(
  conv: Conv,
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  b: tf.Tensor1D,
  stride: number,
  padding: Conv2dPadding,
): void {
  tf.tidy(() => {
    const grads = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) =>
      tf.sum(tf.square(conv(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D, { stride, padding }))),
    )([x, w, b]);
    for (const g of grads) g.dataSync();
  });
}

for (const c of CASES) {
  describe(`forward + backward, batch 16: ${c.name}`, () => {
    let inputs: [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D] | undefined; // made on first use, on wasm
    const get = () =>
      (inputs ??= [
        tf.randomNormal([16, c.H, c.H, c.C]) as tf.Tensor4D,
        tf.randomNormal([c.k, c.k, c.C, c.O], 0, 0.1) as tf.Tensor4D,
        tf.zeros([c.O]) as tf.Tensor1D,
      ]);
    const options = { iterations: 5, warmupIterations: 1 };
    bench('nn conv2d (baseline)', () => step(conv2d, ...get(), c.stride, c.padding), options);
    bench('fastConv2d', () => step(fastConv2d, ...get(), c.stride, c.padding), options);
  });
}
