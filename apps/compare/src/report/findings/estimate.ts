/**
 * An estimate with a confidence interval, and where that interval lies relative to zero: the one shape
 * every finding's comparison takes, whichever method (bootstrap, t-based) produced it.
 */

/** A point estimate with a two-sided confidence interval. */
export interface Estimate {
  /** The point estimate (computed on the data as observed, not averaged over resamples). */
  estimate: number;
  /** Lower end of the interval. */
  low: number;
  /** Upper end of the interval. */
  high: number;
  /** Nominal coverage of the interval (0.95 = 95%). */
  confidence: number;
  /** How the interval was computed, in words (`percentile bootstrap, 2000 resamples over seeds × prompts`). */
  method: string;
  /**
   * Set when the data cannot support an interval (too few seeds, budgets or points); says which and how
   * many. `estimate` is then NaN, or a point estimate a claim chose to report (claim 2 with one seed).
   */
  tooFew?: string;
}

/** Where an interval lies relative to zero; `too-few` when the estimate has no usable interval. */
export type Side = 'above' | 'below' | 'overlaps' | 'too-few';

/** Classifies an estimate's interval against zero (an interval touching zero overlaps it). */
export function sideOfZero(e: Estimate): Side {
  if (e.tooFew !== undefined || !Number.isFinite(e.low) || !Number.isFinite(e.high)) return 'too-few';
  if (e.low > 0) return 'above';
  if (e.high < 0) return 'below';
  return 'overlaps';
}

/** An estimate that could not be computed, with the reason (`only 1 seed of next-token; needs ≥ 2`). */
export function tooFewEstimate(reason: string, confidence: number, method: string): Estimate {
  return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN, confidence, method, tooFew: reason };
}
