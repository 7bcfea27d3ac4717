import { describe, expect, it } from 'vitest';
import {
  fitLine,
  fittedDifference,
  fittedMean,
  type LineFit,
  slopeDifference,
  slopeInterval,
  welch,
} from './least-squares.js';

function fit(xs: number[], ys: number[]): LineFit {
  const f = fitLine(xs, ys);
  if (typeof f === 'string') throw new Error(f);
  return f;
}

describe('least squares', () => {
  // By hand: x̄ = 2.5, ȳ = 4.75, Sxx = 5, Sxy = 9.5 → b = 1.9, a = 0; residuals 0.1, 0.2, −0.7, 0.4 →
  // SSR = 0.7, s² = 0.35, SE(b) = √(0.35 / 5).
  const xs = [1, 2, 3, 4];
  const ys = [2, 4, 5, 8];

  it('fits slope, intercept and standard errors computed by hand', () => {
    const f = fit(xs, ys);
    expect(f.slope).toBeCloseTo(1.9, 12);
    expect(f.intercept).toBeCloseTo(0, 12);
    expect(f.residualSD).toBeCloseTo(Math.sqrt(0.35), 12);
    expect(f.slopeSE).toBeCloseTo(Math.sqrt(0.07), 12);
    expect(f.df).toBe(2);
    // SE of the fitted mean at x₀ = 5: s·√(1/4 + 6.25/5)
    expect(fittedMean(f, 5).se).toBeCloseTo(Math.sqrt(0.35) * Math.sqrt(0.25 + 1.25), 12);
  });

  it('slope interval is slope ± t(0.975, 2)·SE', () => {
    const e = slopeInterval(fit(xs, ys), 0.95);
    expect(e.low).toBeCloseTo(1.9 - 4.302653 * Math.sqrt(0.07), 5);
    expect(e.high).toBeCloseTo(1.9 + 4.302653 * Math.sqrt(0.07), 5);
  });

  it('recovers an exact line with zero standard error', () => {
    const f = fit([0, 1, 2, 3], [3, 1, -1, -3]);
    expect(f.slope).toBeCloseTo(-2, 12);
    expect(f.slopeSE).toBeCloseTo(0, 12);
  });

  it('says why when there are too few points or one x value', () => {
    expect(fitLine([1, 2], [3, 4])).toMatch(/2 points; a slope interval needs ≥ 3/);
    expect(fitLine([2, 2, 2], [1, 2, 3])).toMatch(/one x value/);
    expect(slopeDifference('1 point; a slope interval needs ≥ 3', fit(xs, ys), 0.95).tooFew).toMatch(
      /1 point/,
    );
  });

  it('Welch combines standard errors and degrees of freedom (Satterthwaite)', () => {
    const w = welch(1, 4, 2, 9);
    expect(w.se).toBeCloseTo(Math.sqrt(5), 12);
    expect(w.df).toBeCloseTo(25 / (1 / 4 + 16 / 9), 12);
  });

  it('slope and fitted-mean differences centre on the difference of the fits', () => {
    const a = fit(xs, ys);
    const b = fit([1, 2, 3, 4], [1, 1.5, 2.5, 2.9]);
    const d = slopeDifference(a, b, 0.95);
    expect(d.estimate).toBeCloseTo(a.slope - b.slope, 12);
    expect(d.low).toBeLessThan(d.estimate);
    expect(d.high - d.estimate).toBeCloseTo(d.estimate - d.low, 12);
    const m = fittedDifference(a, b, 1, 0.95);
    expect(m.estimate).toBeCloseTo(fittedMean(a, 1).value - fittedMean(b, 1).value, 12);
  });
});
