/**
 * Seeded percentile bootstrap over seeds and prompts (B. Efron & R. Tibshirani, An Introduction to the
 * Bootstrap, 1993, §6 (the bootstrap estimate) and §13.3 (percentile intervals)). Data come as
 * `Replicates`: one array per seed of that seed's observations (per-prompt scores; a single number such
 * as an FD when nothing finer exists). Each resample draws seeds with replacement and, within each drawn
 * seed, its observations with replacement (a two-stage bootstrap); the statistic is computed on the
 * groups' resampled means.
 */
import { Rng } from '@flopmatch/core';
import { type Estimate, tooFewEstimate } from './estimate.js';

/** Observations grouped by seed: `replicates[s]` holds seed s's per-prompt (or single) values. */
export type Replicates = readonly (readonly number[])[];

/** Settings shared by every bootstrap of a report. */
export interface BootstrapOptions {
  /** Number of resamples. Default 2000 (Efron & Tibshirani §13.3 suggest ≥ 1000 for percentile intervals). */
  resamples: number;
  /** Nominal coverage of the percentile interval. Default 0.95. */
  confidence: number;
  /** Seed of the resampling stream; the same seed gives the same interval. Default 0. */
  seed: number | string;
}

/** Defaults for `BootstrapOptions`. */
export const DEFAULT_BOOTSTRAP: Readonly<BootstrapOptions> = Object.freeze({
  resamples: 2000,
  confidence: 0.95,
  seed: 0,
});

/** Mean over seeds of each seed's mean: the point estimate every group statistic starts from. */
export function meanOfMeans(replicates: Replicates): number {
  let total = 0;
  for (const seed of replicates) total += seed.reduce((s, v) => s + v, 0) / seed.length;
  return total / replicates.length;
}

/** Quantile q of sorted values, linear interpolation between order statistics (Hyndman & Fan type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Why a group cannot support an interval, or undefined when it can: it needs ≥ 2 seeds, or one seed with
 * ≥ 2 observations (then the interval covers prompt sampling only).
 */
export function insufficiency(name: string, replicates: Replicates): string | undefined {
  if (replicates.length === 0 || replicates.some((r) => r.length === 0)) return `no data for ${name}`;
  if (replicates.length >= 2 || replicates[0]!.length >= 2) return undefined;
  return `only 1 seed and 1 value for ${name} (an interval needs ≥ 2 seeds)`;
}

function resampledMean(replicates: Replicates, rng: Rng): number {
  let total = 0;
  for (let s = 0; s < replicates.length; s++) {
    const seed = replicates[rng.int(replicates.length)]!;
    let sum = 0;
    for (let i = 0; i < seed.length; i++) sum += seed[rng.int(seed.length)]!;
    total += sum / seed.length;
  }
  return total / replicates.length;
}

/**
 * Percentile-bootstrap interval of `statistic(groupMeans)` where group g's mean is `meanOfMeans` of
 * `groups[g].replicates`. Groups are resampled independently. Returns `tooFew` when a group cannot
 * support an interval.
 *
 * @example
 * const d = bootstrapStatistic(
 *   [{ name: 'next-token', replicates: [[1, 0, 1], [1, 1, 0]] }, { name: 'flow', replicates: [[0, 0, 1]] }],
 *   ([a, b]) => a - b,
 * );
 */
export function bootstrapStatistic(
  groups: readonly { name: string; replicates: Replicates }[],
  statistic: (means: number[]) => number,
  options: Partial<BootstrapOptions> = {},
): Estimate {
  const { resamples, confidence, seed } = { ...DEFAULT_BOOTSTRAP, ...options };
  const levels = groups.map((g) => (g.replicates.length >= 2 ? 'seeds' : 'prompts'));
  const method = `percentile bootstrap, ${resamples} resamples over ${[...new Set(levels)].join(' and ')}`;
  const reasons = groups.map((g) => insufficiency(g.name, g.replicates)).filter((r) => r !== undefined);
  if (reasons.length > 0) return tooFewEstimate(reasons.join('; '), confidence, method);
  const estimate = statistic(groups.map((g) => meanOfMeans(g.replicates)));
  const rng = new Rng(`bootstrap/${seed}`);
  const draws = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++)
    draws[r] = statistic(groups.map((g) => resampledMean(g.replicates, rng)));
  const sorted = Array.from(draws).sort((a, b) => a - b);
  const alpha = (1 - confidence) / 2;
  return {
    estimate,
    low: quantileSorted(sorted, alpha),
    high: quantileSorted(sorted, 1 - alpha),
    confidence,
    method,
  };
}

/** Percentile-bootstrap interval of mean(a) − mean(b) (means of seed means). */
export function bootstrapMeanDifference(
  a: { name: string; replicates: Replicates },
  b: { name: string; replicates: Replicates },
  options: Partial<BootstrapOptions> = {},
): Estimate {
  return bootstrapStatistic([a, b], ([ma, mb]) => ma! - mb!, options);
}
