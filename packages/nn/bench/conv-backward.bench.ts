/**
 * Claim: on the wasm backend, a conv layer's forward + backward through `conv2d` (gradients as forward
 * convolutions) is several times faster than the former path, kept here as the baseline: input gradient by
 * `conv2dTranspose` (Conv2DBackpropInput) and weight gradient as an im2col matrix that is transposed. Sizes
 * are the demo autoencoder's, batch 16. Both compute the same values and gradients (conv.conformance.test.ts
 * checks `conv2d` against float64 loops). Run: `npx vitest bench --run --project nn` (repo root).
 */
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, bench, describe } from 'vitest';
import { type Conv2dPadding, conv2d, im2col, resolvePadding } from '../src/conv2d.js';
import { matmul } from '../src/matmul.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

/** The baseline: the same forward, the im2col / conv2dTranspose backward. */
function im2colConv2d(
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  b: tf.Tensor1D,
  { stride, padding }: { stride: number; padding: Conv2dPadding },
): tf.Tensor4D {
  const [k, , C, O] = w.shape;
  const p = resolvePadding(padding, x.shape[1], x.shape[2], k, stride);
  const valid = tf.customGrad((xArg, wArg, save) => {
    (save as tf.GradSaveFunc)([xArg as tf.Tensor4D, wArg as tf.Tensor4D]);
    return {
      value: tf.conv2d(xArg as tf.Tensor4D, wArg as tf.Tensor4D, stride, 'valid'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dx = tf.conv2dTranspose(dy as tf.Tensor4D, sw, sx.shape, stride, 'valid');
        const patches = tf.reshape(im2col(sx, k, stride), [-1, k * k * C]) as tf.Tensor2D; // [N·Ho·Wo, k·k·C]
        const dw = matmul(tf.transpose(patches), tf.reshape(dy, [-1, O]) as tf.Tensor2D); // [k·k·C, O]
        return [dx, tf.reshape(dw, [k, k, C, O])];
      },
    };
  });
  const padded = tf.pad(x, [
    [0, 0],
    [p[0], p[1]],
    [p[2], p[3]],
    [0, 0],
  ]) as tf.Tensor4D;
  return tf.add(valid(padded, w), b);
}

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
    bench('im2col backward (baseline)', () => step(im2colConv2d, ...get(), c.stride, c.padding), options);
    bench('conv2d', () => step(conv2d, ...get(), c.stride, c.padding), options);
  });
}
