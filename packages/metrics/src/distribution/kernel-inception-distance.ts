/**
 * Kernel distance (KID without the Inception network): the unbiased squared maximum mean discrepancy
 * between two feature sets under the cubic polynomial kernel, averaged over random subsets.
 *
 * Paper: Bińkowski, Sutherland, Arbel & Gretton, "Demystifying MMD GANs", arXiv:1801.01401, §4 (Kernel
 * Inception Distance); the unbiased MMD² estimator is Gretton et al., "A Kernel Two-Sample Test", JMLR 2012,
 * Lemma 6. Results are named `KID-<extractor>`: the features come from our evaluation networks.
 *
 * Notation: x = real features, y = generated, m = subset size, d = feature dimension,
 * k(a, b) = (γ·a·b + c₀)^p with γ = 1/d, c₀ = 1, p = 3 by default.
 */
import type { DistributionMetric, FeatureSet, MetricValue } from '@flopmatch/core';
import { parseConfig, type RandomSource, Rng } from '@flopmatch/core';
import { z } from 'zod';
import { MetricInputError } from '../errors.js';
import { assertComparable, extractorName, type NamedFeatureSet } from '../feature-set.js';
import { sampleWithoutReplacement } from './subsample.js';

/** Options of the kernel distance, as frozen serialisable config. */
export const KernelDistanceConfigSchema = z
  .object({
    /** Component type; always `metric:kid`. */
    type: z.literal('metric:kid').default('metric:kid'),
    /** Config version; bump when results would change. */
    version: z.literal(1).default(1),
    /** Samples per subset m (drawn without replacement from each set). Default 1000, as Bińkowski et al. */
    subsetSize: z.number().int().min(2).default(1000),
    /** Number of subsets averaged. Default 100, as Bińkowski et al.'s reference code. */
    subsets: z.number().int().min(1).default(100),
    /** Seed of the subset draws (`new Rng(seed).split('kid')`); the same seed gives the same subsets. Default 0. */
    seed: z.number().int().min(0).default(0),
    /** Kernel degree p. Default 3 (cubic), as the paper. */
    degree: z.number().int().min(1).default(3),
    /** Kernel scale γ; default (absent) 1/d, as the paper. */
    gamma: z.number().positive().optional(),
    /** Kernel offset c₀. Default 1, as the paper. */
    coef0: z.number().default(1),
    /** Extractor name in the result name `KID-<extractor>`; default: the sets' `extractor`, else `custom`. */
    extractor: z.string().min(1).optional(),
  })
  .strict();

/** Frozen, serialisable kernel-distance config. */
export type KernelDistanceConfig = z.output<typeof KernelDistanceConfigSchema>;

/** Input form of the config: every field optional. */
export type KernelDistanceOptions = z.input<typeof KernelDistanceConfigSchema>;

/** Polynomial kernel parameters: k(a, b) = (γ·a·b + c₀)^p. */
export interface Kernel {
  gamma: number;
  coef0: number;
  degree: number;
}

/** Gathers rows `index` of x [·, d] into a contiguous float64 block [m, d]. */
function gatherRows(x: ArrayLike<number>, index: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(index.length * d);
  for (let i = 0; i < index.length; i++) {
    const from = index[i]! * d;
    for (let t = 0; t < d; t++) out[i * d + t] = x[from + t]!;
  }
  return out;
}

const TILE = 32; // rows per cache tile: 32 rows × d ≤ 512 float64 fit in L2 together with the other tile

/** Σ over the chosen pairs of k(aᵢ, bⱼ): all (i, j) when `strictLower` is false, else j < i only (a = b). */
function kernelSum(
  a: Float64Array,
  b: Float64Array,
  m: number,
  d: number,
  k: Kernel,
  strictLower: boolean,
): number {
  let total = 0;
  const d4 = d - (d % 4);
  for (let i0 = 0; i0 < m; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, m);
    const jEnd = strictLower ? i1 : m;
    for (let j0 = 0; j0 < jEnd; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, jEnd);
      for (let i = i0; i < i1; i++) {
        const ai = i * d;
        const jStop = strictLower ? Math.min(j1, i) : j1;
        for (let j = j0; j < jStop; j++) {
          const bj = j * d;
          // Four partial sums: independent chains let the JIT overlap the multiply-adds.
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          let t = 0;
          for (; t < d4; t += 4) {
            s0 += a[ai + t]! * b[bj + t]!;
            s1 += a[ai + t + 1]! * b[bj + t + 1]!;
            s2 += a[ai + t + 2]! * b[bj + t + 2]!;
            s3 += a[ai + t + 3]! * b[bj + t + 3]!;
          }
          for (; t < d; t++) s0 += a[ai + t]! * b[bj + t]!;
          total += (k.gamma * (s0 + s1 + s2 + s3) + k.coef0) ** k.degree; // k(x, y) = (x·y/d + 1)³ by default
        }
      }
    }
  }
  return total;
}

/**
 * Unbiased MMD² between the rows `xi` of x and the rows `yi` of y (equal counts m):
 * 1/(m(m−1))·Σ_{i≠j} k(xᵢ, xⱼ) + 1/(m(m−1))·Σ_{i≠j} k(yᵢ, yⱼ) − 2/m²·Σ_{i,j} k(xᵢ, yⱼ).
 */
export function unbiasedMmd2(
  x: ArrayLike<number>,
  xi: ArrayLike<number>,
  y: ArrayLike<number>,
  yi: ArrayLike<number>,
  d: number,
  k: Kernel,
): number {
  const m = xi.length;
  const xs = gatherRows(x, xi, d);
  const ys = gatherRows(y, yi, d);
  // Off-diagonal sums are computed once (j < i); the estimator sums over ordered pairs i ≠ j, hence 2·.
  const kxx = kernelSum(xs, xs, m, d, k, true);
  const kyy = kernelSum(ys, ys, m, d, k, true);
  const kxy = kernelSum(xs, ys, m, d, k, false);
  return (2 * kxx) / (m * (m - 1)) + (2 * kyy) / (m * (m - 1)) - (2 * kxy) / (m * m); // Gretton et al. Lemma 6
}

/**
 * Kernel distance between two feature sets: mean and (population) std of the unbiased MMD² over
 * `subsets` random subsets of size `subsetSize`. The estimator is unbiased, so it can be slightly negative
 * when the distributions match. Cost: subsets · 2m² · d multiply-adds.
 *
 * @example
 * const kid = kernelDistance(real, fake, { subsetSize: 500, subsets: 50, seed: 1 });
 * console.log(kid.value, kid.std, kid.n);
 */
export function kernelDistance(
  real: NamedFeatureSet,
  fake: NamedFeatureSet,
  options: KernelDistanceOptions = {},
  source?: Pick<RandomSource, 'int'>,
): MetricValue {
  const config = parseConfig(KernelDistanceConfigSchema, options, 'KID options');
  assertComparable('KID', real, fake, 2);
  const m = config.subsetSize;
  const smaller = Math.min(real.n, fake.n);
  if (m > smaller) {
    throw new MetricInputError(
      `KID: subsetSize = ${m} exceeds the ${smaller} samples of the ${real.n <= fake.n ? 'real' : 'fake'} set`,
      `set subsetSize ≤ ${smaller} (CLI: --subset-size ${smaller}) or evaluate on more images`,
    );
  }
  const k: Kernel = { gamma: config.gamma ?? 1 / real.dim, coef0: config.coef0, degree: config.degree };
  const rng = source ?? new Rng(config.seed).split('kid');
  const values = new Float64Array(config.subsets);
  for (let s = 0; s < config.subsets; s++) {
    const xi = sampleWithoutReplacement(rng, real.n, m);
    const yi = sampleWithoutReplacement(rng, fake.n, m);
    values[s] = unbiasedMmd2(real.data, xi, fake.data, yi, real.dim, k);
  }
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  variance /= values.length;
  return {
    name: `KID-${config.extractor ?? extractorName(real, fake)}`,
    value: mean,
    n: fake.n,
    std: Math.sqrt(variance),
    details: {
      nReal: real.n,
      nFake: fake.n,
      dim: real.dim,
      subsetSize: m,
      subsets: config.subsets,
      seed: config.seed,
      extractorHash: real.extractorHash,
      subsetValues: Array.from(values),
    },
  };
}

/**
 * The kernel distance as a swappable `DistributionMetric` (`metric:kid`).
 *
 * @example
 * const kid = createKernelDistance({ subsetSize: 100 }).compute(real, fake);
 */
export function createKernelDistance(
  options: KernelDistanceOptions = {},
): DistributionMetric & { readonly config: KernelDistanceConfig } {
  const config = parseConfig(KernelDistanceConfigSchema, options, 'KID options');
  return {
    specVersion: 'v1',
    id: 'metric:kid',
    config,
    compute: (real: FeatureSet, fake: FeatureSet) => kernelDistance(real, fake, config),
  };
}
