import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Linear } from './linear.js';
import { testRandom } from './testing/test-random.js';
import { valueAndGrads } from './value-and-grads.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('valueAndGrads', () => {
  it('keys gradients by dotted parameter names: d/dW Σ(x·W + b) = xᵀ·1, d/db = rows', () => {
    const fc = new Linear(2, 2, { rng: testRandom(1) });
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const { value, grads } = valueAndGrads(() => tf.sum(fc.forward(x)) as tf.Scalar, fc.namedVariables());
    expect([...grads.keys()]).toEqual(['weight', 'bias']);
    expect(Array.from(grads.get('weight')!.dataSync())).toEqual([9, 9, 12, 12]);
    expect(Array.from(grads.get('bias')!.dataSync())).toEqual([3, 3]);
    expect(value.shape).toEqual([]);
  });

  it('omits parameters the loss does not use', () => {
    const a = new Linear(2, 2, { rng: testRandom(1) });
    const b = new Linear(2, 2, { rng: testRandom(2) });
    const all = new Map([...a.namedVariables()].map(([k, v]) => [`a.${k}`, v]));
    for (const [k, v] of b.namedVariables()) all.set(`b.${k}`, v);
    const { grads } = valueAndGrads(() => tf.sum(a.forward(tf.ones([1, 2]))) as tf.Scalar, all);
    expect([...grads.keys()]).toEqual(['a.weight', 'a.bias']);
  });
});
