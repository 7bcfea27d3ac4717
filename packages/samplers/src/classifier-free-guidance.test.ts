import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cfgPasses, guide, guidedBatch } from './classifier-free-guidance.js';
import { createGaussianFlowModel } from './testing/gaussian-flow-model.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('classifier-free guidance', () => {
  it('computes uncond + s·(cond − uncond) on hand numbers', () => {
    const cond = tf.tensor1d([3, -1, 0.5]);
    const uncond = tf.tensor1d([1, 1, 0.5]);
    // s = 2: [1 + 2·2, 1 + 2·(−2), 0.5 + 0] = [5, −3, 0.5]
    expect(Array.from(guide(cond, uncond, 2).dataSync())).toEqual([5, -3, 0.5]);
    expect(Array.from(guide(cond, uncond, 1).dataSync())).toEqual([3, -1, 0.5]);
    expect(Array.from(guide(cond, uncond, 0).dataSync())).toEqual([1, 1, 0.5]);
    // s = 1.5: [1 + 3, 1 − 3, 0.5]
    expect(Array.from(guide(cond, uncond, 1.5).dataSync())).toEqual([4, -2, 0.5]);
  });

  it('needs the unconditional pass unless s = 1', () => {
    expect(cfgPasses(1)).toBe(1);
    expect(cfgPasses(0)).toBe(2);
    expect(cfgPasses(3)).toBe(2);
  });

  it('stacks [cond ; null] into one batch of 2N and combines it back to N guided rows', () => {
    const model = createGaussianFlowModel();
    const before = tf.memory().numTensors;
    const g = guidedBatch(model, ['a red circle', 'a blue square'], 3);
    expect(g.batch).toBe(4);
    expect(g.passes).toBe(2);
    expect(g.cond.ids.arraySync()).toEqual([[1], [2], [0], [0]]);
    expect(g.cond.isNull).toEqual([false, false, true, true]);
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const stacked = g.expand(x);
    expect(stacked.arraySync()).toEqual([
      [1, 2],
      [3, 4],
      [1, 2],
      [3, 4],
    ]);
    // model output rows: cond [10, 20], [30, 40]; uncond [0, 10], [30, 30] → s = 3
    const out = tf.tensor2d([
      [10, 20],
      [30, 40],
      [0, 10],
      [30, 30],
    ]);
    expect(g.combine(out).arraySync()).toEqual([
      [30, 40],
      [30, 60],
    ]);
    tf.dispose([x, stacked, out]);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before + 1); // only the un-disposed combine() result
  });

  it('passes N rows through unchanged without guidance', () => {
    const model = createGaussianFlowModel();
    const g = guidedBatch(model, ['a blue square'], 1);
    expect(g.batch).toBe(1);
    expect(g.cond.isNull).toEqual([false]);
    const x = tf.tensor1d([7]);
    expect(Array.from(g.combine(g.expand(x)).dataSync())).toEqual([7]);
    g.dispose();
  });
});
