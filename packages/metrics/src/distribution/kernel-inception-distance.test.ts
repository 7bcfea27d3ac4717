import { describe, expect, it } from 'vitest';
import { createFeatureSet } from '../feature-set.js';
import { randomNormalMatrix } from '../linalg/test-matrices.js';
import { createKernelDistance, kernelDistance } from './kernel-inception-distance.js';

const set = (values: number[] | Float64Array, n: number, d: number, extractorHash = 'sha256:k') =>
  createFeatureSet({ data: Float64Array.from(values), n, dim: d, extractorHash, extractor: 'toy' });

/** Independent unbiased MMD² over whole sets: explicit ordered pairs, kernel written out. */
function referenceMmd2(x: number[][], y: number[][]): number {
  const d = x[0]!.length;
  const k = (a: number[], b: number[]) => (a.reduce((s, v, i) => s + v * b[i]!, 0) / d + 1) ** 3;
  const m = x.length;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i !== j) {
        xx += k(x[i]!, x[j]!);
        yy += k(y[i]!, y[j]!);
      }
      xy += k(x[i]!, y[j]!);
    }
  }
  return xx / (m * (m - 1)) + yy / (m * (m - 1)) - (2 * xy) / (m * m);
}

const rows = (flat: Float64Array, d: number) =>
  Array.from({ length: flat.length / d }, (_, i) => Array.from(flat.slice(i * d, (i + 1) * d)));

describe('kernelDistance', () => {
  it('equals the hand computation on x = {0, 1}, y = {1, 2} in one dimension', () => {
    // k(a, b) = (ab + 1)³: XX = k(0,1) = 1; YY = k(1,2) = 27; XY sum = 1 + 1 + 8 + 27 = 37.
    // MMD² = 2·1/2 + 2·27/2 − 2·37/4 = 1 + 27 − 18.5 = 9.5. Subsets of size 2 are the whole sets.
    const kid = kernelDistance(set([0, 1], 2, 1), set([1, 2], 2, 1), { subsetSize: 2, subsets: 5 });
    expect(kid.value).toBeCloseTo(9.5, 12);
    expect(kid.std).toBeCloseTo(0, 12);
    expect(kid.name).toBe('KID-toy');
    expect(kid.n).toBe(2);
  });

  it('matches an independent whole-set computation when subsets are the whole sets', () => {
    const d = 5;
    const x = randomNormalMatrix(1, 30, d);
    const y = randomNormalMatrix(2, 30, d).map((v) => 0.5 + 1.3 * v);
    const kid = kernelDistance(set(x, 30, d), set(y, 30, d), { subsetSize: 30, subsets: 2 });
    expect(kid.value).toBeCloseTo(referenceMmd2(rows(x, d), rows(y, d)), 10);
  });

  it('averages subset estimates that each match the reference on their subset, with population std', () => {
    const d = 3;
    const x = randomNormalMatrix(3, 12, d);
    const y = randomNormalMatrix(4, 9, d).map((v) => v + 1);
    const kid = kernelDistance(set(x, 12, d), set(y, 9, d), { subsetSize: 4, subsets: 6, seed: 9 });
    const values = kid.details!.subsetValues as number[];
    expect(values).toHaveLength(6);
    const mean = values.reduce((s, v) => s + v, 0) / 6;
    expect(kid.value).toBeCloseTo(mean, 14);
    expect(kid.std).toBeCloseTo(Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / 6), 14);
    expect(new Set(values).size).toBeGreaterThan(1);
  });

  it('over many subsets converges to the whole-set U-statistic (subset averages are unbiased for it)', () => {
    const d = 2;
    const x = randomNormalMatrix(5, 8, d);
    const y = randomNormalMatrix(6, 8, d).map((v) => v * 2);
    const whole = referenceMmd2(rows(x, d), rows(y, d));
    const kid = kernelDistance(set(x, 8, d), set(y, 8, d), { subsetSize: 4, subsets: 4000, seed: 1 });
    expect(Math.abs(kid.value - whole)).toBeLessThan(4 * (kid.std! / Math.sqrt(4000)));
  });

  it('is ≈ 0 for two samples of one distribution and grows with a mean shift', () => {
    const d = 8;
    const a = set(randomNormalMatrix(7, 200, d), 200, d);
    const b = set(randomNormalMatrix(8, 200, d), 200, d);
    const shifted = set(
      randomNormalMatrix(8, 200, d).map((v) => v + 1),
      200,
      d,
    );
    const same = kernelDistance(a, b, { subsetSize: 100, subsets: 20 });
    const far = kernelDistance(a, shifted, { subsetSize: 100, subsets: 20 });
    expect(Math.abs(same.value)).toBeLessThan(3 * same.std! + 0.01);
    expect(far.value).toBeGreaterThan(10 * Math.abs(same.value));
  });

  it('is deterministic in its seed', () => {
    const x = set(randomNormalMatrix(1, 20, 2), 20, 2);
    const y = set(randomNormalMatrix(2, 20, 2), 20, 2);
    const a = kernelDistance(x, y, { subsetSize: 5, subsets: 10, seed: 3 }).value;
    expect(kernelDistance(x, y, { subsetSize: 5, subsets: 10, seed: 3 }).value).toBe(a);
    expect(kernelDistance(x, y, { subsetSize: 5, subsets: 10, seed: 4 }).value).not.toBe(a);
  });

  it('explains a subset larger than a set, naming the option and the limit', () => {
    const x = set(randomNormalMatrix(1, 20, 2), 20, 2);
    const y = set(randomNormalMatrix(2, 10, 2), 10, 2);
    expect(() => kernelDistance(x, y, { subsetSize: 50 })).toThrow(
      /subsetSize = 50 exceeds the 10 samples of the fake set[\s\S]*--subset-size 10/,
    );
    expect(() => kernelDistance(x, y, { subsetSize: 1 })).toThrow(/subsetSize/);
    expect(() =>
      kernelDistance(x, set(randomNormalMatrix(2, 10, 2), 10, 2, 'other'), { subsetSize: 5 }),
    ).toThrow(/different extractors/);
  });

  it('is a DistributionMetric with defaults from the paper in its frozen config', () => {
    const metric = createKernelDistance();
    expect(metric.id).toBe('metric:kid');
    expect(metric.config).toEqual({
      type: 'metric:kid',
      version: 1,
      subsetSize: 1000,
      subsets: 100,
      seed: 0,
      degree: 3,
      coef0: 1,
    });
    expect(Object.isFrozen(metric.config)).toBe(true);
  });
});
