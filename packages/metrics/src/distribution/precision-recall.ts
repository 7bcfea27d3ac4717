/**
 * Improved precision and recall of generative models.
 *
 * Paper: Kynkäänniemi, Karras, Laine, Lehtinen & Aila, "Improved Precision and Recall Metric for Assessing
 * Generative Models", arXiv:1904.06991, §2. Each set's manifold is the union of balls around its samples,
 * each ball reaching the sample's k-th nearest neighbour within the same set. Precision is the fraction of
 * generated samples inside the real manifold; recall the fraction of real samples inside the generated one.
 *
 * Notation: Φ_r real features, Φ_g generated; NN_k(φ, Φ) = distance from φ to its k-th nearest neighbour in
 * Φ \ {φ}; f(φ, Φ) = 1 if ‖φ − φ'‖ ≤ NN_k(φ', Φ) for some φ' ∈ Φ, else 0.
 */
import type { DistributionMetric, FeatureSet, MetricValue } from '@flopmatch/core';
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';
import { MetricInputError } from '../errors.js';
import { assertComparable, extractorName, type NamedFeatureSet } from '../feature-set.js';

/** Options of precision/recall, as frozen serialisable config. */
export const PrecisionRecallConfigSchema = z
  .object({
    /** Component type; always `metric:precision-recall`. */
    type: z.literal('metric:precision-recall').default('metric:precision-recall'),
    /** Config version; bump when results would change. */
    version: z.literal(1).default(1),
    /** Neighbourhood size k of the manifold radii. Default 3, as Kynkäänniemi et al. */
    k: z.number().int().min(1).default(3),
    /** Extractor name in result names (`precision-<extractor>`); default: the sets' `extractor`, else `custom`. */
    extractor: z.string().min(1).optional(),
  })
  .strict();

/** Frozen, serialisable precision/recall config. */
export type PrecisionRecallConfig = z.output<typeof PrecisionRecallConfigSchema>;

/** Input form of the config: every field optional. */
export type PrecisionRecallOptions = z.input<typeof PrecisionRecallConfigSchema>;

function squaredDistance(
  a: ArrayLike<number>,
  ai: number,
  b: ArrayLike<number>,
  bi: number,
  d: number,
): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = a[ai + t]! - b[bi + t]!;
    s += diff * diff;
  }
  return s;
}

/**
 * Squared k-NN radii NN_k(φ, Φ)² of every row of `set` within the set itself (the row excluded), by brute
 * force: n²·d work, n·k memory.
 */
export function knnRadiiSquared(set: FeatureSet, k: number): Float64Array {
  const { n, dim: d, data } = set;
  if (k >= n) {
    throw new MetricInputError(
      `precision/recall: k = ${k} needs more than k samples per set, got ${n}`,
      `use k < ${n}`,
    );
  }
  const radii = new Float64Array(n);
  const best = new Float64Array(k); // the k smallest distances so far, ascending
  for (let i = 0; i < n; i++) {
    best.fill(Number.POSITIVE_INFINITY);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const s = squaredDistance(data, i * d, data, j * d, d);
      if (s >= best[k - 1]!) continue;
      let p = k - 1;
      while (p > 0 && best[p - 1]! > s) {
        best[p] = best[p - 1]!;
        p--;
      }
      best[p] = s;
    }
    radii[i] = best[k - 1]!;
  }
  return radii;
}

/** Fraction of rows of `query` inside the manifold of `reference` with squared radii `radii2` (boundary counts). */
export function fractionInsideManifold(
  query: FeatureSet,
  reference: FeatureSet,
  radii2: Float64Array,
): number {
  const d = query.dim;
  let inside = 0;
  for (let i = 0; i < query.n; i++) {
    for (let j = 0; j < reference.n; j++) {
      if (squaredDistance(query.data, i * d, reference.data, j * d, d) <= radii2[j]!) {
        // f(φ, Φ), eq. (1)
        inside++;
        break;
      }
    }
  }
  return inside / query.n;
}

/**
 * Precision and recall (Kynkäänniemi et al.) between real and generated features: two `MetricValue`s,
 * `precision-<extractor>` and `recall-<extractor>`, each with `n` = generated samples. Brute force,
 * O((n_r + n_g)²·d).
 *
 * @example
 * const [precision, recall] = precisionRecall(real, fake, { k: 3 });
 */
export function precisionRecall(
  real: NamedFeatureSet,
  fake: NamedFeatureSet,
  options: PrecisionRecallOptions = {},
): [MetricValue, MetricValue] {
  const config = parseConfig(PrecisionRecallConfigSchema, options, 'precision/recall options');
  assertComparable('precision/recall', real, fake, config.k + 1);
  const realRadii = knnRadiiSquared(real, config.k);
  const fakeRadii = knnRadiiSquared(fake, config.k);
  const precision = fractionInsideManifold(fake, real, realRadii); // eq. (2)
  const recall = fractionInsideManifold(real, fake, fakeRadii); // eq. (2)
  const name = config.extractor ?? extractorName(real, fake);
  const details = { nReal: real.n, nFake: fake.n, k: config.k, extractorHash: real.extractorHash };
  return [
    { name: `precision-${name}`, value: precision, n: fake.n, details },
    { name: `recall-${name}`, value: recall, n: fake.n, details },
  ];
}

/**
 * Precision/recall as a swappable `DistributionMetric` (`metric:precision-recall`); `compute` returns
 * `[precision, recall]`.
 *
 * @example
 * const [p, r] = createPrecisionRecall({ k: 5 }).compute(real, fake) as MetricValue[];
 */
export function createPrecisionRecall(
  options: PrecisionRecallOptions = {},
): DistributionMetric & { readonly config: PrecisionRecallConfig } {
  const config = parseConfig(PrecisionRecallConfigSchema, options, 'precision/recall options');
  return {
    specVersion: 'v1',
    id: 'metric:precision-recall',
    config,
    compute: (real: FeatureSet, fake: FeatureSet) => precisionRecall(real, fake, config),
  };
}
