import { Rng } from '@flopmatch/core';
import { checkGradients, conv2d } from '@flopmatch/nn';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { conv2dRef } from '../../test/conv-reference.js';
import { dilate2d, fastConv2d } from './fast-conv2d.js';

function randn(shape: number[], seed: string): tf.Tensor {
  const rng = new Rng(seed);
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    shape,
  );
}

const CASES = [
  {
    name: '3×3 same',
    H: 5,
    C: 2,
    O: 3,
    k: 3,
    stride: 1,
    pad: [1, 1, 1, 1] as const,
    padding: 'same' as const,
  },
  {
    name: '3×3 stride 2, LDM padding',
    H: 6,
    C: 2,
    O: 2,
    k: 3,
    stride: 2,
    pad: [0, 1, 0, 1] as const,
    padding: [0, 1, 0, 1] as const,
  },
  { name: '1×1', H: 3, C: 3, O: 2, k: 1, stride: 1, pad: [0, 0, 0, 0] as const, padding: 'same' as const },
  {
    name: '4×4 stride 2 same (discriminator)',
    H: 6,
    C: 2,
    O: 2,
    k: 4,
    stride: 2,
    pad: [1, 1, 1, 1] as const,
    padding: 'same' as const,
  },
  {
    name: '3×3 stride 2 valid, odd size (uncovered last row)',
    H: 6,
    C: 1,
    O: 2,
    k: 3,
    stride: 2,
    pad: [0, 0, 0, 0] as const,
    padding: 'valid' as const,
  },
];

forEachBackend(['cpu', 'wasm'], () => {
  it('inserts s − 1 zeros between rows and columns', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(Array.from(dilate2d(x, 2).dataSync())).toEqual([1, 0, 2, 0, 0, 0, 3, 0, 4]);
  });

  for (const c of CASES) {
    it(`matches a float64 loop convolution and its gradients by finite differences: ${c.name}`, () => {
      const x = randn([2, c.H, c.H, c.C], `x-${c.name}`);
      const w = randn([c.k, c.k, c.C, c.O], `w-${c.name}`);
      const b = randn([c.O], `b-${c.name}`);
      const shape: [number, number, number, number] = [2, c.H, c.H, c.C];
      const y = fastConv2d(x as tf.Tensor4D, w as tf.Tensor4D, b as tf.Tensor1D, {
        stride: c.stride,
        padding: c.padding,
      });
      const ref = conv2dRef(
        x.dataSync(),
        shape,
        w.dataSync(),
        [c.k, c.O],
        c.stride,
        [...c.pad],
        b.dataSync(),
      );
      expect(y.shape).toEqual(ref.shape);
      // The same values as nn's conv2d (its forward is tf.conv2d too).
      const nn = conv2d(x as tf.Tensor4D, w as tf.Tensor4D, b as tf.Tensor1D, {
        stride: c.stride,
        padding: c.padding,
      });
      expect(Array.from(y.dataSync())).toEqual(Array.from(nn.dataSync()));
      const report = checkGradients(
        (xi, wi, bi) =>
          fastConv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D, {
            stride: c.stride,
            padding: c.padding,
          }),
        [x, w, b],
        { reference: (xr, wr, br) => conv2dRef(xr, shape, wr, [c.k, c.O], c.stride, [...c.pad], br).data },
      );
      expect(report.maxError).toBeLessThan(1e-3);
      expect(report.checked).toBe(x.size + w.size + b.size);
      tf.dispose([x, w, b, y, nn]);
    });
  }

  it('names shapes that do not fit', () => {
    expect(() =>
      fastConv2d(tf.zeros([1, 4, 4, 2]) as tf.Tensor4D, tf.zeros([3, 3, 3, 1]) as tf.Tensor4D),
    ).toThrow(/fastConv2d: input \[1,4,4,2\] and weight \[3,3,3,1\] do not fit/);
  });
});
