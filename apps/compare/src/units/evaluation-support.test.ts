import { type MetricValue, Rng } from '@flopmatch/core';
import { createFeatureSet, protocolMetrics } from '@flopmatch/metrics';
import { describe, expect, it } from 'vitest';
import { kidSubsetSize, protocolAt } from './evaluation-support.js';

function gaussianFeatures(seed: string, n: number, dim: number, shift: number) {
  const rng = new Rng(seed);
  const data = new Float64Array(n * dim);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() + shift;
  return createFeatureSet({ data, n, dim, extractor: 'test' });
}

describe('protocolAt: KID subsets', () => {
  it('uses half the set below 2000 images and 1000 above', () => {
    expect(kidSubsetSize(256)).toBe(128);
    expect(kidSubsetSize(1999)).toBe(999);
    expect(kidSubsetSize(10_000)).toBe(1000);
    expect(protocolAt(256, 'test').kid.subsetSize).toBe(128);
  });

  it('gives a KID spread over subsets that reflects sampling noise (not ~0 as with subsets = the whole set)', () => {
    const n = 64;
    const real = gaussianFeatures('real', n, 8, 0);
    const fake = gaussianFeatures('fake', n, 8, 0.5);
    const kid = protocolMetrics(protocolAt(n, 'test')).find((m) => m.id === 'metric:kid')!;
    const value = kid.compute(real, fake) as MetricValue;
    expect(value.value).toBeGreaterThan(0);
    expect(value.std!).toBeGreaterThan(0.05 * Math.abs(value.value));
    const whole = protocolMetrics({ ...protocolAt(n, 'test'), kid: { subsetSize: n, subsets: 100 } })
      .find((m) => m.id === 'metric:kid')!
      .compute(real, fake) as MetricValue;
    expect(whole.std!).toBeLessThan(1e-9 * Math.abs(whole.value));
  });
});
