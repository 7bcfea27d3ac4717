import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropout } from './dropout.js';
import { testRandom } from './testing/test-random.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('dropout', () => {
  it('drops about `rate` of the entries, scales the rest by 1/(1 − rate), and keeps the mean', () => {
    const n = 20_000;
    const y = Array.from(dropout(tf.ones([n]), 0.3, testRandom(1)).dataSync());
    const dropped = y.filter((v) => v === 0).length / n;
    expect(Math.abs(dropped - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / n)); // 4σ of a binomial
    expect(new Set(y.map((v) => v.toFixed(5)))).toEqual(new Set(['0.00000', (1 / 0.7).toFixed(5)]));
    expect(Math.abs(y.reduce((a, b) => a + b, 0) / n - 1)).toBeLessThan(0.03);
  });

  it('is reproducible from its random source and is the identity at rate 0', () => {
    const x = tf.ones([100]);
    expect(Array.from(dropout(x, 0.5, testRandom(3)).dataSync())).toEqual(
      Array.from(dropout(x, 0.5, testRandom(3)).dataSync()),
    );
    expect(Array.from(dropout(x, 0.5, testRandom(3)).dataSync())).not.toEqual(
      Array.from(dropout(x, 0.5, testRandom(4)).dataSync()),
    );
    expect(dropout(x, 0, testRandom(3))).toBe(x);
    expect(() => dropout(x, 1, testRandom(3))).toThrow(/'rate' = 1[\s\S]*\[0, 1\)/);
  });
});
