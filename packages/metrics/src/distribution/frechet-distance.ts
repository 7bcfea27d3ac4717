/**
 * Fréchet distance between Gaussians fitted to two feature sets.
 *
 * Paper: Heusel et al., "GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash
 * Equilibrium", arXiv:1706.08500, §"Fréchet Inception Distance" (the closed form is Dowson & Landau 1982).
 * The study we rebuild (Kilian et al., arXiv:2405.13218, evaluation setup) reports FID with Inception-v3 features; we
 * cannot obtain those weights, so results are named `FD-<extractor>` and never FID.
 *
 * Notation: μ₁, Σ₁ real statistics; μ₂, Σ₂ generated. Both square roots below are of symmetric PSD
 * matrices and come from a symmetric eigen-decomposition (float64), which equals
 * tr((Σ₁Σ₂)^{1/2}) used by `scipy.linalg.sqrtm`-based implementations, since Σ₁Σ₂ is similar to
 * Σ₁^{1/2}Σ₂Σ₁^{1/2}, but never goes complex on nearly singular products.
 */
import type { DistributionMetric, FeatureSet, MetricValue } from '@flopmatch/core';
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';
import { ExtractorMismatchError, MetricInputError } from '../errors.js';
import { assertComparable, extractorName, type NamedFeatureSet } from '../feature-set.js';
import { matMul, trace } from '../linalg/dense.js';
import { sqrtmPsd, traceSqrtmPsd } from '../linalg/sqrtm-psd.js';
import { type GaussianStatistics, gaussianStatistics } from './gaussian-statistics.js';

/** The four terms of the Fréchet distance, for diagnosis. */
export interface FrechetTerms {
  /** |μ₁ − μ₂|² */
  meanTerm: number;
  /** tr Σ₁ */
  traceReal: number;
  /** tr Σ₂ */
  traceFake: number;
  /** tr((Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}) */
  traceCross: number;
}

/**
 * FD = |μ₁ − μ₂|² + tr Σ₁ + tr Σ₂ − 2·tr((Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}), clamped at 0 (rounding can give
 * −1e-13 for identical sets). Throws `ExtractorMismatchError` when the statistics come from different
 * extractors.
 *
 * @example
 * const { fd } = frechetDistanceFromStatistics(realStats, gaussianStatistics(fake));
 */
export function frechetDistanceFromStatistics(
  real: GaussianStatistics,
  fake: GaussianStatistics,
): { fd: number; terms: FrechetTerms } {
  if (real.extractorHash !== fake.extractorHash) {
    throw new ExtractorMismatchError('FD', real.extractorHash, fake.extractorHash);
  }
  if (real.dim !== fake.dim) {
    throw new MetricInputError(
      `FD: real statistics have dim ${real.dim} but fake statistics have dim ${fake.dim}`,
    );
  }
  const d = real.dim;
  let meanTerm = 0;
  for (let i = 0; i < d; i++) {
    const diff = real.mean[i]! - fake.mean[i]!;
    meanTerm += diff * diff;
  }
  const rootReal = sqrtmPsd(real.cov, d); // Σ₁^{1/2}
  const inner = matMul(matMul(rootReal, fake.cov, d, d, d), rootReal, d, d, d); // Σ₁^{1/2} Σ₂ Σ₁^{1/2}
  symmetrize(inner, d); // remove rounding asymmetry before the symmetric solver
  const terms: FrechetTerms = {
    meanTerm,
    traceReal: trace(real.cov, d),
    traceFake: trace(fake.cov, d),
    traceCross: traceSqrtmPsd(inner, d),
  };
  const fd = terms.meanTerm + terms.traceReal + terms.traceFake - 2 * terms.traceCross; // Heusel et al. FID formula
  return { fd: Math.max(fd, 0), terms };
}

function symmetrize(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = (a[i * n + j]! + a[j * n + i]!) / 2;
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
}

/** Options of the FD metric. */
export const FrechetDistanceConfigSchema = z
  .object({
    /** Component type; always `metric:fd`. */
    type: z.literal('metric:fd').default('metric:fd'),
    /** Config version of this metric; bump when results would change. */
    version: z.literal(1).default(1),
    /** Extractor name in the result name `FD-<extractor>`; default: the feature sets' `extractor`, else `custom`. */
    extractor: z.string().min(1).optional(),
  })
  .strict();

/** Frozen, serialisable FD config. */
export type FrechetDistanceConfig = z.output<typeof FrechetDistanceConfigSchema>;

/**
 * FD between two feature sets as a `MetricValue` named `FD-<extractor>`. `n` is the number of generated
 * samples; `details` holds `nReal`, `nFake`, the four terms and the extractor hash.
 *
 * @example
 * const fd = frechetDistance(realFeatures, fakeFeatures); // { name: 'FD-shapes-v1', value: 3.2, n: 1000, … }
 */
export function frechetDistance(
  real: NamedFeatureSet,
  fake: NamedFeatureSet,
  options: Partial<FrechetDistanceConfig> = {},
): MetricValue {
  const config = parseConfig(FrechetDistanceConfigSchema, options, 'FD options');
  assertComparable('FD', real, fake, 2);
  const { fd, terms } = frechetDistanceFromStatistics(gaussianStatistics(real), gaussianStatistics(fake));
  return {
    name: `FD-${config.extractor ?? extractorName(real, fake)}`,
    value: fd,
    n: fake.n,
    details: { nReal: real.n, nFake: fake.n, dim: real.dim, extractorHash: real.extractorHash, ...terms },
  };
}

/**
 * The FD metric as a swappable `DistributionMetric` (`metric:fd`).
 *
 * @example
 * const metric = createFrechetDistance({ extractor: 'shapes-v1' });
 * metric.compute(real, fake).value;
 */
export function createFrechetDistance(
  options: Partial<FrechetDistanceConfig> = {},
): DistributionMetric & { readonly config: FrechetDistanceConfig } {
  const config = parseConfig(FrechetDistanceConfigSchema, options, 'FD options');
  return {
    specVersion: 'v1',
    id: 'metric:fd',
    config,
    compute: (real: FeatureSet, fake: FeatureSet) => frechetDistance(real, fake, config),
  };
}
