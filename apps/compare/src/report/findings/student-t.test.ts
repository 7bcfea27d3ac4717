import { describe, expect, it } from 'vitest';
import { lnGamma, regularizedBeta, studentTCdf, studentTQuantile } from './student-t.js';

/** The t density, integrated by Simpson's rule: an independent check of the continued-fraction CDF. */
function cdfBySimpson(t: number, df: number): number {
  const c = Math.exp(lnGamma((df + 1) / 2) - lnGamma(df / 2)) / Math.sqrt(df * Math.PI);
  const f = (x: number) => c * (1 + (x * x) / df) ** (-(df + 1) / 2);
  const steps = 20000;
  const h = t / steps;
  let sum = f(0) + f(t);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * f(i * h);
  return 0.5 + (sum * h) / 3;
}

describe('student t', () => {
  it('lnGamma matches factorials and Γ(1/2) = √π', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    let gamma = Math.sqrt(Math.PI); // Γ(1/2); Γ(x + 1) = x·Γ(x) up to Γ(10.5)
    for (let x = 0.5; x < 10; x++) gamma *= x;
    expect(lnGamma(10.5)).toBeCloseTo(Math.log(gamma), 9);
  });

  it('regularized beta has closed forms I_x(1, 1) = x and I_x(2, 1) = x²', () => {
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12);
    expect(regularizedBeta(0.8, 2, 1)).toBeCloseTo(0.64, 12);
    expect(regularizedBeta(0.25, 3, 5) + regularizedBeta(0.75, 5, 3)).toBeCloseTo(1, 12);
  });

  it('CDF agrees with numerical integration of the density and with df = 1 (Cauchy)', () => {
    for (const df of [1, 2.5, 4, 17]) {
      for (const t of [0.3, 1.2, 2.7]) expect(studentTCdf(t, df)).toBeCloseTo(cdfBySimpson(t, df), 9);
    }
    expect(studentTCdf(1.5, 1)).toBeCloseTo(0.5 + Math.atan(1.5) / Math.PI, 12);
    expect(studentTCdf(-1.5, 3) + studentTCdf(1.5, 3)).toBeCloseTo(1, 12);
  });

  it('quantiles match printed t tables (two-sided 95%)', () => {
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [5, 2.571],
      [10, 2.228],
      [30, 2.042],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228, 3);
    expect(studentTQuantile(0.95, 1e6)).toBeCloseTo(1.6449, 3);
  });

  it('rejects p outside (0, 1) and df ≤ 0', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be in \(0, 1\)/);
    expect(() => studentTCdf(1, 0)).toThrow(/df must be > 0/);
  });
});
