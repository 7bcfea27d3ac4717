/**
 * Straight-line least squares with t-based intervals: the trend of FD against log10 training FLOPs.
 *
 * Ordinary least squares for y = a + b·x with normal, equal-variance errors (any regression text, e.g.
 * Draper & Smith, Applied Regression Analysis, 3rd ed., §1.4 and §3.2): b = Sxy / Sxx, a = ȳ − b·x̄,
 * s² = Σ residual² / (n − 2), SE(b) = s / √Sxx, SE(â + b·x₀) = s·√(1/n + (x₀ − x̄)² / Sxx). Two independent
 * fits are compared with Welch's standard error and Welch–Satterthwaite degrees of freedom.
 */
import { type Estimate, tooFewEstimate } from './estimate.js';
import { studentTQuantile } from './student-t.js';

/** A fitted line y = intercept + slope·x with what its intervals need. */
export interface LineFit {
  slope: number;
  intercept: number;
  /** Standard error of the slope. */
  slopeSE: number;
  /** Residual standard deviation s. */
  residualSD: number;
  /** Degrees of freedom n − 2. */
  df: number;
  /** Number of points. */
  n: number;
  /** Mean of x. */
  meanX: number;
  /** Σ (x − x̄)². */
  sxx: number;
}

/** Points a line needs for an interval (df = n − 2 ≥ 1) and distinct x values it needs. */
export const MIN_LINE_POINTS = 3;

/**
 * Fits y = a + b·x by least squares. Returns a reason string instead when there are fewer than 3 points
 * or fewer than 2 distinct x values.
 */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit | string {
  if (xs.length !== ys.length)
    throw new RangeError(`fitLine: ${xs.length} x values but ${ys.length} y values`);
  const n = xs.length;
  if (n < MIN_LINE_POINTS)
    return `${n} point${n === 1 ? '' : 's'}; a slope interval needs ≥ ${MIN_LINE_POINTS}`;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
  }
  if (!(sxx > 0)) return 'all points share one x value; a slope needs two';
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += (ys[i]! - intercept - slope * xs[i]!) ** 2;
  const df = n - 2;
  const residualSD = Math.sqrt(ssr / df);
  return { slope, intercept, slopeSE: residualSD / Math.sqrt(sxx), residualSD, df, n, meanX, sxx };
}

/** The fitted mean at x₀ with its standard error. */
export function fittedMean(fit: LineFit, x0: number): { value: number; se: number } {
  const se = fit.residualSD * Math.sqrt(1 / fit.n + (x0 - fit.meanX) ** 2 / fit.sxx);
  return { value: fit.intercept + fit.slope * x0, se };
}

function tInterval(value: number, se: number, df: number, confidence: number, method: string): Estimate {
  const t = df > 0 && se > 0 ? studentTQuantile(0.5 + confidence / 2, df) : 0;
  return { estimate: value, low: value - t * se, high: value + t * se, confidence, method };
}

/** t-based interval of one fit's slope. */
export function slopeInterval(fit: LineFit, confidence: number): Estimate {
  return tInterval(fit.slope, fit.slopeSE, fit.df, confidence, `least squares, t interval (df ${fit.df})`);
}

/** Welch combination of two independent estimates' standard errors: the SE and df of their difference. */
export function welch(se1: number, df1: number, se2: number, df2: number): { se: number; df: number } {
  const v = se1 * se1 + se2 * se2;
  const denom = se1 ** 4 / df1 + se2 ** 4 / df2;
  return { se: Math.sqrt(v), df: denom > 0 ? (v * v) / denom : Math.min(df1, df2) };
}

/** Interval of slope(a) − slope(b) for independent fits (Welch). A reason string in place of a fit gives `tooFew`. */
export function slopeDifference(a: LineFit | string, b: LineFit | string, confidence: number): Estimate {
  const method = 'difference of least-squares slopes, Welch t interval';
  if (typeof a === 'string' || typeof b === 'string')
    return tooFewEstimate([a, b].filter((r) => typeof r === 'string').join('; '), confidence, method);
  const w = welch(a.slopeSE, a.df, b.slopeSE, b.df);
  return tInterval(a.slope - b.slope, w.se, w.df, confidence, `${method} (df ${w.df.toFixed(1)})`);
}

/** Interval of fitted(a, x₀) − fitted(b, x₀) for independent fits (Welch). */
export function fittedDifference(
  a: LineFit | string,
  b: LineFit | string,
  x0: number,
  confidence: number,
): Estimate {
  const method = 'difference of fitted means, Welch t interval';
  if (typeof a === 'string' || typeof b === 'string')
    return tooFewEstimate([a, b].filter((r) => typeof r === 'string').join('; '), confidence, method);
  const ma = fittedMean(a, x0);
  const mb = fittedMean(b, x0);
  const w = welch(ma.se, a.df, mb.se, b.df);
  return tInterval(ma.value - mb.value, w.se, w.df, confidence, `${method} (df ${w.df.toFixed(1)})`);
}
