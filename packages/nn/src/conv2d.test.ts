import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2d, conv2d, im2col, resolvePadding } from './conv2d.js';
import { testRandom } from './testing/test-random.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('conv2d', () => {
  it('sums a 3×3 all-ones kernel over each neighbourhood (hand case, same padding)', () => {
    // x = 1..9 on a 3×3 grid; the centre sees all (45), a corner sees 4 values (1+2+4+5 = 12).
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = conv2d(x, tf.ones([3, 3, 1, 1]) as tf.Tensor4D).dataSync();
    expect(Array.from(y)).toEqual([12, 21, 16, 27, 45, 33, 24, 39, 28]);
  });

  it('resolves padding like TensorFlow', () => {
    expect(resolvePadding('same', 5, 5, 3, 1)).toEqual([1, 1, 1, 1]);
    expect(resolvePadding('same', 6, 6, 3, 2)).toEqual([0, 1, 0, 1]); // out 3: pad 1, extra at bottom/right
    expect(resolvePadding('same', 4, 4, 4, 4)).toEqual([0, 0, 0, 0]);
    expect(resolvePadding(2, 1, 1, 3, 1)).toEqual([2, 2, 2, 2]);
    expect(resolvePadding([0, 1, 0, 1], 6, 6, 3, 2)).toEqual([0, 1, 0, 1]);
  });

  it('lays im2col patches out as the flattened [k, k, C] weight expects', () => {
    const x = tf.tensor4d([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]); // channel 1 = 10 × channel 0
    const p = im2col(x, 2, 1); // one 2×2 window
    expect(p.shape).toEqual([1, 1, 1, 8]);
    expect(Array.from(p.dataSync())).toEqual([1, 10, 2, 20, 3, 30, 4, 40]);
  });

  it('names shapes that do not fit', () => {
    expect(() =>
      conv2d(tf.zeros([1, 4, 4, 2]) as tf.Tensor4D, tf.zeros([3, 3, 3, 1]) as tf.Tensor4D),
    ).toThrow(/input \[1,4,4,2\] and weight \[3,3,3,1\] do not fit/);
    expect(() =>
      conv2d(tf.zeros([1, 2, 2, 1]) as tf.Tensor4D, tf.zeros([3, 3, 1, 1]) as tf.Tensor4D, undefined, {
        padding: 'valid',
      }),
    ).toThrow(/smaller than the 3×3 kernel/);
  });
});

describe('Conv2d', () => {
  it('counts k·k·C·O + O parameters and keeps its options in a serialisable config', () => {
    const conv = new Conv2d(3, 8, 3, { rng: testRandom(1), stride: 2, padding: [0, 1, 0, 1] });
    expect(conv.parameterCount()).toBe(3 * 3 * 3 * 8 + 8);
    expect(conv.forward(tf.zeros([2, 8, 8, 3]) as tf.Tensor4D).shape).toEqual([2, 4, 4, 8]);
    expect(JSON.parse(JSON.stringify(conv.config))).toEqual(conv.config);
    expect(conv.config.padding).toEqual([0, 1, 0, 1]);
    expect(() => new Conv2d(3, 8, 3, { rng: testRandom(1), stride: 0 })).toThrow(
      /Conv2d options[\s\S]*stride = 0/,
    );
  });

  it('initialises Xavier-uniform over fans k·k·C and k·k·O, or zeros', () => {
    const w = Array.from(new Conv2d(4, 4, 3, { rng: testRandom(2) }).weight.dataSync());
    const a = Math.sqrt(6 / (9 * 4 + 9 * 4));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(a);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * a);
    expect(new Set(new Conv2d(4, 4, 3, { rng: testRandom(2), init: 'zeros' }).weight.dataSync())).toEqual(
      new Set([0]),
    );
  });
});
