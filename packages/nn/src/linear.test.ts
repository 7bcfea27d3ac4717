import { ConfigError } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Linear } from './linear.js';
import { testRandom } from './testing/test-random.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

function stats(v: tf.Tensor): { mean: number; std: number; min: number; max: number } {
  const a = Array.from(v.dataSync());
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  const std = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
  return { mean, std, min: Math.min(...a), max: Math.max(...a) };
}

describe('Linear', () => {
  it('computes x·W + b and counts in·out + out parameters', () => {
    const fc = new Linear(2, 3, { rng: testRandom(1) });
    fc.weight.assign(
      tf.tensor2d([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    fc.bias!.assign(tf.tensor1d([1, 0, -1]));
    expect(Array.from(fc.forward(tf.tensor2d([[1, 1]])).dataSync())).toEqual([6, 7, 8]);
    expect(fc.parameterCount()).toBe(2 * 3 + 3);
    expect(new Linear(2, 3, { rng: testRandom(1), bias: false }).parameterCount()).toBe(6);
    expect([...fc.noDecayNames()]).toEqual(['bias']);
  });

  it('initialises GPT-2 style: N(0, 0.02²), residual projections N(0, (0.02/√(2L))²), zero bias', () => {
    const plain = stats(new Linear(128, 256, { rng: testRandom(2) }).weight);
    expect(plain.mean).toBeCloseTo(0, 3);
    expect(plain.std).toBeGreaterThan(0.02 * 0.98);
    expect(plain.std).toBeLessThan(0.02 * 1.02);
    const residual = stats(new Linear(128, 256, { rng: testRandom(3), residualLayers: 8 }).weight);
    const expected = 0.02 / Math.sqrt(16);
    expect(residual.std).toBeGreaterThan(expected * 0.98);
    expect(residual.std).toBeLessThan(expected * 1.02);
    expect(stats(new Linear(4, 4, { rng: testRandom(3) }).bias!).max).toBe(0);
  });

  it('initialises DiT style: Xavier-uniform within ±√(6/(in+out)) with the uniform variance, or zeros', () => {
    const s = stats(new Linear(200, 100, { rng: testRandom(4), init: 'xavier-uniform' }).weight);
    const a = Math.sqrt(6 / 300);
    expect(s.max).toBeLessThanOrEqual(a);
    expect(s.min).toBeGreaterThanOrEqual(-a);
    expect(s.std).toBeCloseTo(a / Math.sqrt(3), 3);
    const z = stats(new Linear(8, 8, { rng: testRandom(5), init: 'zeros' }).weight);
    expect([z.min, z.max]).toEqual([0, 0]);
  });

  it('exposes a frozen serialisable config and names a bad option', () => {
    const fc = new Linear(3, 5, { rng: testRandom(6), residualLayers: 4 });
    expect(fc.config).toEqual({
      type: 'nn:linear',
      version: 1,
      inFeatures: 3,
      outFeatures: 5,
      bias: true,
      init: 'normal',
      std: 0.02,
      residualLayers: 4,
    });
    expect(Object.isFrozen(fc.config)).toBe(true);
    expect(JSON.parse(JSON.stringify(fc.config))).toEqual(fc.config);
    expect(() => new Linear(0, 5, { rng: testRandom(6) })).toThrow(ConfigError);
    expect(() => new Linear(3.5, 5, { rng: testRandom(6) })).toThrow(
      /invalid Linear options:\n {2}- inFeatures = 3.5/,
    );
    // biome-ignore lint/suspicious/noExplicitAny: a user passing a wrong string from JS
    expect(() => new Linear(3, 5, { rng: testRandom(6), init: 'kaiming' as any })).toThrow(
      /init = "kaiming".*use one of "normal", "xavier-uniform", "zeros"/,
    );
  });
});
