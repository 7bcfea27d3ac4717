import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GroupNorm } from './group-norm.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('GroupNorm', () => {
  it('normalises each (sample, group) over space and the group’s channels (hand case)', () => {
    // One pixel pair, 4 channels, 2 groups: group 0 = {1, 3, 1, 3} → ±1; group 1 = {10, 10, 20, 20} → ∓1, ±1.
    const x = tf.tensor4d([1, 3, 10, 10, 1, 3, 20, 20], [1, 1, 2, 4]); // pixels [1,3,10,10], [1,3,20,20]
    const y = Array.from(new GroupNorm(2, 4, { eps: 0 }).forward(x).dataSync());
    [-1, 1, -1, -1, -1, 1, 1, 1].forEach((e, i) => {
      expect(y[i]).toBeCloseTo(e, 5);
    });
  });

  it('counts 2·C parameters and requires groups to divide channels', () => {
    expect(new GroupNorm(8, 32).parameterCount()).toBe(64);
    expect(new GroupNorm(8, 32, { affine: false }).parameterCount()).toBe(0);
    expect(() => new GroupNorm(3, 32)).toThrow(/'groups' = 3[\s\S]*a divisor of channels = 32/);
  });
});
