import { describe, expect, it } from 'vitest';
import { columnMeans, covariance, matMul, trace } from './dense.js';

describe('dense helpers', () => {
  it('multiplies a 2×3 by a 3×2 matrix (hand computation)', () => {
    const c = matMul(
      Float64Array.from([1, 2, 3, 4, 5, 6]),
      Float64Array.from([7, 8, 9, 10, 11, 12]),
      2,
      3,
      2,
    );
    expect(Array.from(c)).toEqual([58, 64, 139, 154]);
    expect(trace(c, 2)).toBe(212);
  });

  it('computes the np.cov (n − 1) covariance of a hand-sized set', () => {
    // Rows (1, 2), (3, 6), (5, 4): means (3, 4); cov = [[4, 2], [2, 4]].
    const x = Float64Array.from([1, 2, 3, 6, 5, 4]);
    expect(Array.from(columnMeans(x, 3, 2))).toEqual([3, 4]);
    expect(Array.from(covariance(x, 3, 2))).toEqual([4, 2, 2, 4]);
  });

  it('keeps precision for features with a large common offset (centred accumulation)', () => {
    // Values 1e8 + {0, 1, 2}: variance 1 exactly; a raw E[x²] − μ² formula loses it in float64.
    const x = Float64Array.from([1e8, 1e8 + 1, 1e8 + 2]);
    expect(covariance(x, 3, 1)[0]).toBe(1);
  });
});
