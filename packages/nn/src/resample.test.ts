import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { avgPool2x, Downsample, Upsample, upsample2x } from './resample.js';
import { testRandom } from './testing/test-random.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('resampling', () => {
  it('upsample2x repeats every pixel in a 2×2 block', () => {
    const y = upsample2x(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]));
    expect(y.shape).toEqual([1, 4, 4, 1]);
    expect(Array.from(y.dataSync())).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it('avgPool2x averages 2×2 blocks and refuses odd sizes', () => {
    const y = avgPool2x(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]));
    expect(Array.from(y.dataSync())).toEqual([3.5, 5.5, 11.5, 13.5]);
    expect(() => avgPool2x(tf.zeros([1, 3, 4, 1]) as tf.Tensor4D)).toThrow(/odd height or width/);
  });

  it('Upsample/Downsample change resolution by 2 with a learned 3×3 conv (C·9·C + C parameters) or none', () => {
    const x = tf.zeros([1, 8, 8, 4]) as tf.Tensor4D;
    const up = new Upsample(4, { rng: testRandom(1) });
    const down = new Downsample(4, { rng: testRandom(2) });
    expect(up.forward(x).shape).toEqual([1, 16, 16, 4]);
    expect(down.forward(x).shape).toEqual([1, 4, 4, 4]);
    expect(up.parameterCount()).toBe(9 * 16 + 4);
    expect(down.parameterCount()).toBe(9 * 16 + 4);
    expect(new Downsample(4, { conv: false }).parameterCount()).toBe(0);
    expect(() => new Downsample(4)).toThrow(/needs `rng`[\s\S]*conv: false/);
  });
});
