import { describe, expect, it } from 'vitest';
import { createFeatureSet } from '../feature-set.js';
import { randomNormalMatrix } from '../linalg/test-matrices.js';
import { createFrechetDistance, frechetDistance, frechetDistanceFromStatistics } from './frechet-distance.js';

// ---- An independent reference, written separately from the implementation under test ----------------

/** Covariance by the one-pass textbook formula (Σ x·xᵀ − n·μ·μᵀ)/(n − 1). */
function referenceCov(x: Float64Array, n: number, d: number): { mu: number[]; cov: number[][] } {
  const mu = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * d + j]!;
    return s / n;
  });
  const cov = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i * d + a]! * x[i * d + b]!;
      return (s - n * mu[a]! * mu[b]!) / (n - 1);
    }),
  );
  return { mu, cov };
}

const mul = (a: number[][], b: number[][]) =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));

/** Inverse by Gauss–Jordan elimination with partial pivoting. */
function inverse(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const piv = a[c]![c]!;
    for (let j = 0; j < 2 * n; j++) a[c]![j]! /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let j = 0; j < 2 * n; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  return a.map((row) => row.slice(n));
}

/** tr(M^{1/2}) for the non-symmetric product M = Σ₁Σ₂ by the Denman–Beavers iteration. */
function traceSqrtDenmanBeavers(m: number[][]): number {
  let y = m;
  let z: number[][] = m.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
  for (let it = 0; it < 60; it++) {
    const yi = inverse(y);
    const zi = inverse(z);
    const yNext = y.map((row, i) => row.map((v, j) => (v + zi[i]![j]!) / 2));
    const zNext = z.map((row, i) => row.map((v, j) => (v + yi[i]![j]!) / 2));
    const change = yNext.reduce(
      (s, row, i) => s + row.reduce((t, v, j) => t + Math.abs(v - y[i]![j]!), 0),
      0,
    );
    y = yNext;
    z = zNext;
    if (change < 1e-15) break;
  }
  return y.reduce((s, row, i) => s + row[i]!, 0);
}

/** FD by the scipy-style formula |Δμ|² + tr Σ₁ + tr Σ₂ − 2·tr((Σ₁Σ₂)^{1/2}). */
function referenceFd(x: Float64Array, y: Float64Array, n1: number, n2: number, d: number): number {
  const a = referenceCov(x, n1, d);
  const b = referenceCov(y, n2, d);
  const meanTerm = a.mu.reduce((s, v, i) => s + (v - b.mu[i]!) ** 2, 0);
  const tr = (m: number[][]) => m.reduce((s, row, i) => s + row[i]!, 0);
  return meanTerm + tr(a.cov) + tr(b.cov) - 2 * traceSqrtDenmanBeavers(mul(a.cov, b.cov));
}

// ---- Tests -----------------------------------------------------------------------------------------

const set = (data: Float64Array, n: number, d: number, extractorHash = 'sha256:test') =>
  createFeatureSet({ data, n, dim: d, extractorHash, extractor: 'test-net' });

describe('frechetDistance', () => {
  it.each([
    [1, 40, 50, 3],
    [2, 200, 150, 8],
    [3, 120, 120, 16],
  ])(
    'matches a Denman–Beavers reference on Σ₁Σ₂ to 1e-6 relative (seed %i, n = %i/%i, d = %i)',
    (seed, n1, n2, d) => {
      const x = randomNormalMatrix(seed, n1, d);
      // A correlated, shifted, rescaled fake set so that Σ₁ and Σ₂ do not commute.
      const z = randomNormalMatrix(seed + 50, n2, d);
      const y = new Float64Array(n2 * d);
      for (let i = 0; i < n2; i++)
        for (let j = 0; j < d; j++)
          y[i * d + j] = 0.3 + 1.5 * z[i * d + j]! + 0.7 * z[i * d + ((j + 1) % d)]!;
      const got = frechetDistance(set(x, n1, d), set(y, n2, d));
      const want = referenceFd(x, y, n1, n2, d);
      expect(Math.abs(got.value - want) / want).toBeLessThan(1e-6);
      expect(got.name).toBe('FD-test-net');
      expect(got.n).toBe(n2);
      expect(got.details).toMatchObject({ nReal: n1, nFake: n2, dim: d, extractorHash: 'sha256:test' });
    },
  );

  it('gives Σ(√a − √b)² + |Δμ|² for diagonal covariances (closed form)', () => {
    const d = 4;
    const a = [1, 4, 9, 0.25];
    const b = [4, 1, 9, 1];
    const stats = (mean: number[], variances: number[]) => {
      const cov = new Float64Array(d * d);
      variances.forEach((v, i) => {
        cov[i * d + i] = v;
      });
      return { n: 10, dim: d, mean: Float64Array.from(mean), cov, extractorHash: 'h' };
    };
    const { fd, terms } = frechetDistanceFromStatistics(stats([0, 0, 0, 0], a), stats([1, 0, 2, 0], b));
    // (1 − 2)² + (2 − 1)² + 0 + (0.5 − 1)² = 2.25; |Δμ|² = 1 + 4 = 5.
    expect(fd).toBeCloseTo(7.25, 12);
    expect(terms.meanTerm).toBeCloseTo(5, 14);
    expect(terms.traceCross).toBeCloseTo(2 + 2 + 9 + 0.5, 12);
  });

  it('gives (μ₁ − μ₂)² + (σ₁ − σ₂)² in one dimension (hand computation)', () => {
    // real: {0, 2} → μ 1, var 2; fake: {1, 4, 7} → μ 4, var 9.
    const fd = frechetDistance(set(Float64Array.from([0, 2]), 2, 1), set(Float64Array.from([1, 4, 7]), 3, 1));
    expect(fd.value).toBeCloseTo(9 + (Math.sqrt(2) - 3) ** 2, 12);
  });

  it('is |c|² when the fake set is the real set shifted by c, and 0 for identical sets', () => {
    const n = 60;
    const d = 10;
    const x = randomNormalMatrix(7, n, d);
    const c = Array.from({ length: d }, (_, j) => (j % 3) - 1);
    const y = x.map((v, i) => v + c[i % d]!);
    const shifted = frechetDistance(set(x, n, d), set(y, n, d));
    expect(shifted.value).toBeCloseTo(
      c.reduce((s, v) => s + v * v, 0),
      8,
    );
    expect(frechetDistance(set(x, n, d), set(x, n, d)).value).toBeLessThan(1e-9);
  });

  it('accepts float32 feature data and stays float64 inside', () => {
    const x = randomNormalMatrix(4, 50, 6);
    const y = randomNormalMatrix(5, 50, 6);
    const a = frechetDistance(set(x, 50, 6), set(y, 50, 6)).value;
    const b = frechetDistance(
      createFeatureSet({ data: Float32Array.from(x), n: 50, dim: 6, extractorHash: 'sha256:test' }),
      createFeatureSet({ data: Float32Array.from(y), n: 50, dim: 6, extractorHash: 'sha256:test' }),
    ).value;
    expect(Math.abs(a - b) / a).toBeLessThan(1e-5); // only the float32 rounding of the inputs differs
  });

  it('handles rank-deficient covariances (n ≤ d) without going complex', () => {
    const d = 32;
    const x = randomNormalMatrix(21, 10, d);
    const y = randomNormalMatrix(22, 12, d);
    const fd = frechetDistance(set(x, 10, d), set(y, 12, d));
    expect(Number.isFinite(fd.value)).toBe(true);
    expect(fd.value).toBeGreaterThan(0);
  });

  it('runs at d = 256', () => {
    const d = 256;
    const x = randomNormalMatrix(31, 300, d);
    const y = randomNormalMatrix(32, 300, d).map((v) => 1.1 * v);
    const fd = frechetDistance(set(x, 300, d), set(y, 300, d));
    // Both are ≈ N(0, I) vs N(0, 1.21·I); sampling noise dominates at n = 300, so only sanity-check.
    expect(fd.value).toBeGreaterThan(0);
    expect(fd.details!.traceCross as number).toBeGreaterThan(0);
  });

  it('refuses feature sets from different extractors, naming both hashes', () => {
    const x = randomNormalMatrix(1, 5, 2);
    expect(() => frechetDistance(set(x, 5, 2, 'sha256:aaa'), set(x, 5, 2, 'sha256:bbb'))).toThrow(
      /different extractors \(real: sha256:aaa, fake: sha256:bbb\)/,
    );
  });

  it('refuses mismatched dimensions and single-sample sets', () => {
    const x = randomNormalMatrix(1, 6, 3);
    expect(() => frechetDistance(set(x, 6, 3), set(x.slice(0, 12), 6, 2))).toThrow(/dim 3 .* dim 2/);
    expect(() => frechetDistance(set(x, 6, 3), set(x.slice(0, 3), 1, 3))).toThrow(
      /fake set has 1 samples; at least 2/,
    );
  });

  it('is a DistributionMetric with a frozen, versioned config', () => {
    const metric = createFrechetDistance({ extractor: 'shapes-v1' });
    expect(metric.id).toBe('metric:fd');
    expect(metric.config).toEqual({ type: 'metric:fd', version: 1, extractor: 'shapes-v1' });
    expect(Object.isFrozen(metric.config)).toBe(true);
    const x = randomNormalMatrix(2, 8, 2);
    expect((metric.compute(set(x, 8, 2), set(x, 8, 2)) as { name: string }).name).toBe('FD-shapes-v1');
    expect(() => createFrechetDistance({ extractor: '' } as never)).toThrow(/extractor/);
  });
});
