/**
 * Gaussian statistics (mean, covariance) of a feature set, the sufficient statistics of the Fréchet
 * distance. Computed once for the real set and reused across checkpoints.
 */
import type { FeatureSet } from '@flopmatch/core';
import { MetricInputError } from '../errors.js';
import { columnMeans, covariance } from '../linalg/dense.js';

/** Mean and unbiased covariance of a feature set, in float64, with the set's size and extractor. */
export interface GaussianStatistics {
  n: number;
  dim: number;
  /** μ [dim]. */
  mean: Float64Array;
  /** Σ [dim, dim] row-major, normalised by n − 1 (as `np.cov`). */
  cov: Float64Array;
  extractorHash: string;
}

/**
 * μ and Σ of the rows of `set` (float64 accumulation; Σ with the unbiased n − 1 normalisation). Needs
 * n ≥ 2.
 *
 * @example
 * const realStats = gaussianStatistics(realFeatures); // cache it: every checkpoint compares against it
 */
export function gaussianStatistics(set: FeatureSet): GaussianStatistics {
  if (set.n < 2) {
    throw new MetricInputError(
      `gaussian statistics: a covariance needs at least 2 samples, got ${set.n}`,
      'evaluate on more images',
    );
  }
  const mean = columnMeans(set.data, set.n, set.dim);
  const cov = covariance(set.data, set.n, set.dim, mean);
  return { n: set.n, dim: set.dim, mean, cov, extractorHash: set.extractorHash };
}
