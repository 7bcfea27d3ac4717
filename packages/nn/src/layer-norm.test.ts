import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LayerNorm, layerNorm } from './layer-norm.js';
import { RMSNorm } from './rms-norm.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('LayerNorm', () => {
  it('normalises [1, 2, 3] to [−√1.5, 0, √1.5] (mean 2, biased variance 2/3)', () => {
    const y = Array.from(layerNorm(tf.tensor1d([1, 2, 3]), undefined, undefined, 0).dataSync());
    expect(y[0]).toBeCloseTo(-Math.sqrt(1.5), 6);
    expect(y[1]).toBeCloseTo(0, 6);
    expect(y[2]).toBeCloseTo(Math.sqrt(1.5), 6);
  });

  it('applies γ and β per feature and counts 2·dim parameters', () => {
    const ln = new LayerNorm(3, { eps: 0 });
    ln.weight!.assign(tf.tensor1d([2, 1, -1]));
    ln.bias!.assign(tf.tensor1d([0, 5, 1]));
    const y = Array.from(ln.forward(tf.tensor2d([[1, 2, 3]])).dataSync());
    expect(y[0]).toBeCloseTo(-2 * Math.sqrt(1.5), 5);
    expect(y[1]).toBeCloseTo(5, 5);
    expect(y[2]).toBeCloseTo(1 - Math.sqrt(1.5), 5);
    expect(ln.parameterCount()).toBe(6);
    expect(new LayerNorm(3, { affine: false }).parameterCount()).toBe(0);
    expect(ln.noDecayNames()).toEqual(new Set(['weight', 'bias']));
  });
});

describe('RMSNorm', () => {
  it('divides [3, 4] by its RMS √12.5 and counts dim parameters', () => {
    const norm = new RMSNorm(2, { eps: 0 });
    const y = Array.from(norm.forward(tf.tensor1d([3, 4])).dataSync());
    expect(y[0]).toBeCloseTo(3 / Math.sqrt(12.5), 6);
    expect(y[1]).toBeCloseTo(4 / Math.sqrt(12.5), 6);
    expect(norm.parameterCount()).toBe(2);
  });
});
