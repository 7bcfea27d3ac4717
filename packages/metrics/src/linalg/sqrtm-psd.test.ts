import { describe, expect, it } from 'vitest';
import { covariance, matMul } from './dense.js';
import { sqrtmPsd, traceSqrtmPsd } from './sqrtm-psd.js';
import { randomNormalMatrix } from './test-matrices.js';

describe('sqrtmPsd', () => {
  it('takes the hand-computable root of [[5, 4], [4, 5]] = ([[2, 1], [1, 2]])²', () => {
    const r = sqrtmPsd(Float64Array.from([5, 4, 4, 5]), 2);
    [2, 1, 1, 2].forEach((v, i) => {
      expect(r[i]).toBeCloseTo(v, 13);
    });
  });

  it('returns a symmetric R with R·R = S for a random covariance', () => {
    const d = 20;
    const s = covariance(randomNormalMatrix(1, 60, d), 60, d);
    const r = sqrtmPsd(s, d);
    const rr = matMul(r, r, d, d, d);
    for (let i = 0; i < d * d; i++) expect(Math.abs(rr[i]! - s[i]!)).toBeLessThan(1e-12);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(r[i * d + j]).toBe(r[j * d + i]);
    let tr = 0;
    for (let i = 0; i < d; i++) tr += r[i * d + i]!;
    expect(traceSqrtmPsd(s, d)).toBeCloseTo(tr, 11);
  });

  it('clamps rounding-negative eigenvalues of a singular matrix to zero', () => {
    // Rank 1: v·vᵀ with v = (1, 2, 3); root = v·vᵀ/|v|.
    const v = [1, 2, 3];
    const s = Float64Array.from(v.flatMap((a) => v.map((b) => a * b)));
    const r = sqrtmPsd(s, 3);
    const norm = Math.sqrt(14);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(r[i * 3 + j]).toBeCloseTo((v[i]! * v[j]!) / norm, 12);
    expect(r.every(Number.isFinite)).toBe(true);
  });
});
