import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipGradNorm } from './clip-grad-norm.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('clipGradNorm', () => {
  it('measures the global norm over all gradients (3-4-12 → 13) and rescales to maxNorm', () => {
    const grads = new Map([
      ['a', tf.tensor1d([3, 4])],
      ['b', tf.tensor1d([12])],
    ]);
    const { grads: out, norm } = clipGradNorm(grads, 6.5);
    expect(norm).toBeCloseTo(13, 5);
    expect(Array.from(out.get('a')!.dataSync())).toEqual([1.5, 2].map((v) => expect.closeTo(v, 5)));
    expect(out.get('b')!.dataSync()[0]).toBeCloseTo(6, 5);
    expect(grads.get('a')!.isDisposed).toBe(true); // the inputs were replaced and disposed
  });

  it('returns the inputs untouched below the threshold, records too', () => {
    const grads = { w: tf.tensor1d([0.3, 0.4]) };
    const { grads: out, norm } = clipGradNorm(grads, 1);
    expect(norm).toBeCloseTo(0.5, 6);
    expect(out.w).toBe(grads.w);
    expect(() => clipGradNorm(grads, 0)).toThrow(/'maxNorm' = 0/);
  });
});
