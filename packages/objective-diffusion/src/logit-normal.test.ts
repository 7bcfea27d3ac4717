import { Rng } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { logitNormalDensity, sampleLogitNormal } from './logit-normal.js';

/** ∫₀¹ g(t)·π_ln(t) dt by the midpoint rule (the density vanishes at both ends). */
function integrate(g: (t: number) => number, m: number, s: number, n = 200_000): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = (i + 0.5) / n;
    sum += g(t) * logitNormalDensity(t, { mean: m, scale: s });
  }
  return sum / n;
}

describe('logit-normal t', () => {
  it('has a density that integrates to 1 and a mean of exactly 1/2 when m = 0', () => {
    expect(integrate(() => 1, 0, 1)).toBeCloseTo(1, 6);
    expect(integrate(() => 1, 0.5, 0.6)).toBeCloseTo(1, 6);
    expect(integrate((t) => t, 0, 1)).toBeCloseTo(0.5, 9); // symmetric about 1/2
  });

  for (const [m, s] of [
    [0, 1],
    [0.5, 0.6],
    [-1, 1.5],
  ] as const) {
    it(`samples match the moments of π_ln(t; ${m}, ${s}) by quadrature`, () => {
      const n = 40_000;
      const t = sampleLogitNormal(n, { mean: m, scale: s }, new Rng(`t/${m}/${s}`));
      let mean = 0;
      for (const v of t) mean += v;
      mean /= n;
      let variance = 0;
      for (const v of t) variance += (v - mean) ** 2;
      variance /= n - 1;
      const mu = integrate((x) => x, m, s);
      const sigma2 = integrate((x) => (x - mu) ** 2, m, s);
      const se = Math.sqrt(sigma2 / n);
      expect(Math.abs(mean - mu)).toBeLessThan(4 * se);
      expect(Math.abs(variance - sigma2) / sigma2).toBeLessThan(0.04);
      expect(Math.min(...t)).toBeGreaterThan(0);
      expect(Math.max(...t)).toBeLessThan(1);
    });
  }
});
