import { describe, expect, it } from 'vitest';
import { createFeatureSet } from '../feature-set.js';
import { createPrecisionRecall, knnRadiiSquared, precisionRecall } from './precision-recall.js';

const set = (values: number[], d: number, extractorHash = 'sha256:pr') =>
  createFeatureSet({
    data: Float64Array.from(values),
    n: values.length / d,
    dim: d,
    extractorHash,
    extractor: 'toy',
  });

describe('knnRadiiSquared', () => {
  it('finds the k-th nearest other point (hand case on a line)', () => {
    // Points 0, 1, 3, 7: 1-NN distances 1, 1, 2, 4; 2-NN distances 3, 2, 3, 6.
    const s = set([0, 1, 3, 7], 1);
    expect(Array.from(knnRadiiSquared(s, 1))).toEqual([1, 1, 4, 16]);
    expect(Array.from(knnRadiiSquared(s, 2))).toEqual([9, 4, 9, 36]);
  });

  it('counts duplicates as neighbours at distance 0', () => {
    expect(Array.from(knnRadiiSquared(set([2, 2, 5], 1), 1))).toEqual([0, 0, 9]);
  });
});

describe('precisionRecall', () => {
  it('matches the hand-worked line example (an outlier inflates recall)', () => {
    // Real 0..9 (k = 1 radii all 1). Fake {0.5, 4.2, 20, −3}: 0.5 and 4.2 lie within 1 of a real point,
    // 20 and −3 do not → precision 1/2. Fake radii (k = 1): 3.5, 3.7, 15.8, 3.5 — the union covers
    // [−6.5, 35.8] ⊇ [0, 9] → recall 1.
    const real = set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 1);
    const fake = set([0.5, 4.2, 20, -3], 1);
    const [p, r] = precisionRecall(real, fake, { k: 1 });
    expect(p.value).toBe(0.5);
    expect(r.value).toBe(1);
    expect(p.name).toBe('precision-toy');
    expect(r.name).toBe('recall-toy');
    expect(p.n).toBe(4);
    expect(p.details).toMatchObject({ nReal: 10, nFake: 4, k: 1 });
  });

  it('gives 1/1 for identical sets and 0/0 for far-apart clusters', () => {
    const grid = [0, 0, 1, 0, 0, 1, 1, 1, 2, 2];
    const [p, r] = precisionRecall(set(grid, 2), set(grid, 2), { k: 2 });
    expect([p.value, r.value]).toEqual([1, 1]);
    const far = grid.map((v) => v + 100);
    const [p2, r2] = precisionRecall(set(grid, 2), set(far, 2), { k: 2 });
    expect([p2.value, r2.value]).toEqual([0, 0]);
  });

  it('shows mode collapse as high precision, low recall', () => {
    // Real: two clusters of 6 points at x ≈ 0 and x ≈ 10 (spacing 0.1). Fake: 6 points inside the first.
    const cluster = (c: number) => [0, 0.1, 0.2, 0.3, 0.4, 0.5].map((v) => c + v);
    const real = set([...cluster(0), ...cluster(10)], 1);
    const fake = set([0.05, 0.15, 0.25, 0.35, 0.45, 0.2], 1);
    const [p, r] = precisionRecall(real, fake, { k: 3 });
    expect(p.value).toBe(1);
    expect(r.value).toBe(0.5);
  });

  it('counts a point exactly on a ball boundary as inside', () => {
    // Real {0, 2}: k = 1 radii 2 → fake 4 is at distance exactly 2 from real 2.
    const [p] = precisionRecall(set([0, 2], 1), set([4, 5], 1), { k: 1 });
    expect(p.value).toBe(0.5);
  });

  it('needs more than k samples and the same extractor', () => {
    expect(() => precisionRecall(set([0, 1, 2, 3], 1), set([0, 1, 2], 1))).toThrow(
      /fake set has 3 samples; at least 4/,
    );
    expect(() => precisionRecall(set([0, 1, 2, 3], 1), set([0, 1, 2, 3], 1, 'x'))).toThrow(
      /different extractors/,
    );
  });

  it('is a DistributionMetric returning [precision, recall] with k = 3 by default', () => {
    const metric = createPrecisionRecall();
    expect(metric.config).toEqual({ type: 'metric:precision-recall', version: 1, k: 3 });
    const out = metric.compute(set([0, 1, 2, 3, 4], 1), set([0, 1, 2, 3, 4], 1));
    expect(Array.isArray(out) && out.map((v) => v.value)).toEqual([1, 1]);
  });
});
