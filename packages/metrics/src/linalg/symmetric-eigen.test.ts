import { describe, expect, it } from 'vitest';
import { matMul } from './dense.js';
import { symmetricEigen } from './symmetric-eigen.js';
import { randomSymmetric } from './test-matrices.js';

/** max |A − V·Λ·Vᵀ| and max |VᵀV − I|. */
function residuals(a: Float64Array, n: number, values: Float64Array, v: Float64Array) {
  let recon = 0;
  let orth = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let o = 0;
      for (let k = 0; k < n; k++) {
        s += v[i * n + k]! * values[k]! * v[j * n + k]!;
        o += v[k * n + i]! * v[k * n + j]!;
      }
      recon = Math.max(recon, Math.abs(s - a[i * n + j]!));
      orth = Math.max(orth, Math.abs(o - (i === j ? 1 : 0)));
    }
  }
  return { recon, orth };
}

describe('symmetricEigen', () => {
  it('solves the 2×2 hand case [[2, 1], [1, 2]] → 1, 3 with vectors (1, ∓1)/√2', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    const v = vectors!;
    expect(Math.abs(v[0]!)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(v[0]! * v[2]!).toBeCloseTo(-0.5, 14); // first vector ∝ (1, −1)
    expect(v[1]! * v[3]!).toBeCloseTo(0.5, 14); // second ∝ (1, 1)
  });

  it('matches the closed-form spectrum of the tridiagonal Toeplitz matrix tridiag(−1, 2, −1)', () => {
    // Eigenvalues 2 − 2cos(kπ/(n + 1)), k = 1..n.
    const n = 40;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i + 1 < n) {
        a[i * n + i + 1] = -1;
        a[(i + 1) * n + i] = -1;
      }
    }
    const { values } = symmetricEigen(a, n);
    for (let k = 1; k <= n; k++)
      expect(values[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 12);
  });

  it('recovers a planted spectrum A = Q·diag(λ)·Qᵀ with repeated and zero eigenvalues', () => {
    const n = 12;
    // Q from the eigenvectors of a random symmetric matrix (orthogonal by the previous tests' standard).
    const q = symmetricEigen(randomSymmetric(3, n), n).vectors!;
    const planted = [0, 0, 0, 1, 1, 2, 5, 5, 5, 7, 9, 100];
    const diag = new Float64Array(n * n);
    for (let i = 0; i < n; i++) diag[i * n + i] = planted[i]!;
    const qt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) qt[i * n + j] = q[j * n + i]!;
    const a = matMul(matMul(q, diag, n, n, n), qt, n, n, n);
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) expect(values[i]).toBeCloseTo(planted[i]!, 11);
    const r = residuals(a, n, values, vectors!);
    expect(r.recon).toBeLessThan(1e-11);
    expect(r.orth).toBeLessThan(1e-12);
  });

  it.each([1, 2, 3, 17, 64])('decomposes a random symmetric matrix of order %i to rounding error', (n) => {
    const a = randomSymmetric(100 + n, n);
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 1; i < n; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    const r = residuals(a, n, values, vectors!);
    expect(r.recon).toBeLessThan(1e-12 * n);
    expect(r.orth).toBeLessThan(1e-12 * n);
    // Trace and Frobenius norm are invariants of the spectrum.
    let tr = 0;
    let fro = 0;
    for (let i = 0; i < n; i++) tr += a[i * n + i]!;
    for (const x of a) fro += x * x;
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(tr, 10);
    expect(values.reduce((s, x) => s + x * x, 0)).toBeCloseTo(fro, 9);
  });

  it('gives the same eigenvalues without vectors', () => {
    const a = randomSymmetric(9, 30);
    const full = symmetricEigen(a, 30).values;
    const only = symmetricEigen(a, 30, { vectors: false });
    expect(only.vectors).toBeUndefined();
    for (let i = 0; i < 30; i++) expect(only.values[i]).toBeCloseTo(full[i]!, 12);
  });

  it('handles already-diagonal and zero matrices', () => {
    const { values, vectors } = symmetricEigen([3, 0, 0, 0, -1, 0, 0, 0, 2], 3);
    expect(Array.from(values)).toEqual([-1, 2, 3]);
    expect(Array.from(vectors!.map(Math.abs))).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(Array.from(symmetricEigen(new Float64Array(16), 4).values)).toEqual([0, 0, 0, 0]);
  });

  it('rejects a buffer of the wrong size and names both sizes', () => {
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/expected 2×2 = 4 entries, got 3/);
  });

  it('fails with a clear error on NaN input instead of looping', () => {
    expect(() => symmetricEigen([1, Number.NaN, Number.NaN, 1], 2)).toThrow(/did not converge|NaN/);
  });
});
