/**
 * References that make a distribution number readable: the real-vs-real baseline (real set A vs the
 * disjoint real set B at the same N) and the autoencoder ceiling (A vs reconstructions of B), then each
 * generated set's metrics reported beside them. Every set must come from the same extractor (hash) and
 * have exactly the protocol's N.
 */
import type { Dataset, DistributionMetric, MetricValue } from '@flopmatch/core';
import { ExtractorMismatchError, MetricInputError } from '../errors.js';
import type { NamedFeatureSet } from '../feature-set.js';
import type { HostImages } from '../networks/eval-network.js';
import { type EvalProtocol, protocolMetrics, realSetRanges } from './eval-protocol.js';
import { extractDataset, type HostFeatureExtractor } from './extract-dataset.js';

/** The reference numbers of one extractor, dataset and N. */
export interface EvaluationReference {
  /** N of every set. */
  n: number;
  extractor: string;
  extractorHash: string;
  /** Metrics of real A vs real B: what a perfect generator scores at this N. */
  baseline: MetricValue[];
  /** Metrics of real A vs reconstructions of real B: the best a generator in this latent space scores. */
  ceiling: MetricValue[] | undefined;
}

/** Feature sets of the references. */
export interface ReferenceSets {
  realA: NamedFeatureSet;
  realB: NamedFeatureSet;
  /** Autoencoder reconstructions of real set B's images (optional: no ceiling without them). */
  reconstructed?: NamedFeatureSet;
}

function flatten(values: MetricValue | MetricValue[]): MetricValue[] {
  return Array.isArray(values) ? values : [values];
}

function checkSet(which: string, set: NamedFeatureSet, n: number, hash: string): void {
  if (set.extractorHash !== hash)
    throw new ExtractorMismatchError(`reference (${which})`, hash, set.extractorHash);
  if (set.n !== n) {
    throw new MetricInputError(
      `reference: ${which} has ${set.n} features but the protocol's N is ${n}`,
      'extract every set at the same N (numbers at different N are not comparable)',
    );
  }
}

/**
 * Baseline (and ceiling) metrics from feature sets already extracted.
 *
 * @example
 * const ref = referenceFromSets({ realA, realB, reconstructed }, protocol);
 * ref.baseline[0]; // { name: 'FD-shapes-features-v1', value: 0.4, n: 10000 }
 */
export function referenceFromSets(
  sets: ReferenceSets,
  protocol: EvalProtocol,
  metrics: DistributionMetric[] = protocolMetrics(protocol),
): EvaluationReference {
  const { realA, realB, reconstructed } = sets;
  const hash = realA.extractorHash;
  checkSet('real set A', realA, protocol.n, hash);
  checkSet('real set B', realB, protocol.n, hash);
  if (reconstructed) checkSet('reconstructed set', reconstructed, protocol.n, hash);
  return {
    n: protocol.n,
    extractor: realA.extractor ?? 'custom',
    extractorHash: hash,
    baseline: metrics.flatMap((m) => flatten(m.compute(realA, realB))),
    ceiling: reconstructed ? metrics.flatMap((m) => flatten(m.compute(realA, reconstructed))) : undefined,
  };
}

/** Options of `computeReference`. */
export interface ComputeReferenceOptions {
  /** The evaluation network. */
  extractor: HostFeatureExtractor;
  /** The real images (the protocol's split). */
  dataset: Dataset;
  protocol: EvalProtocol;
  /** Autoencoder round trip of a batch of images (decode(encode(x))); gives the ceiling. */
  reconstruct?: (images: HostImages) => HostImages;
  metrics?: DistributionMetric[];
}

/**
 * Extracts real A, real B and reconstructions of real B at the protocol's N, then `referenceFromSets`.
 * Returns the sets too, so generated sets can be compared against real A.
 *
 * @example
 * const { reference, sets } = computeReference({ extractor: net, dataset, protocol, reconstruct });
 */
export function computeReference(options: ComputeReferenceOptions): {
  reference: EvaluationReference;
  sets: ReferenceSets;
} {
  const { extractor, dataset, protocol } = options;
  const { a, b } = realSetRanges(protocol);
  if (b.offset + b.count > dataset.size) {
    throw new MetricInputError(
      `reference: two disjoint real sets of N = ${protocol.n} need ${b.offset + b.count} samples, ${dataset.id} (${protocol.split}) has ${dataset.size}`,
      `lower the protocol's n to at most ${Math.floor((dataset.size - protocol.offset) / 2)}, or use a larger split`,
    );
  }
  const realA = extractDataset(extractor, dataset, a);
  const realB = extractDataset(extractor, dataset, b);
  const reconstructed = options.reconstruct
    ? extractDataset(extractor, dataset, { ...b, transform: options.reconstruct })
    : undefined;
  const sets: ReferenceSets = { realA, realB, ...(reconstructed ? { reconstructed } : {}) };
  return { reference: referenceFromSets(sets, protocol, options.metrics), sets };
}

/** One metric of a generated set, with the references it must be read against. */
export interface ReadableMetric {
  name: string;
  value: number;
  n: number;
  std?: number;
  /** The same metric, real A vs real B. */
  baseline: number;
  /** The same metric, real A vs reconstructions (undefined without a ceiling set). */
  ceiling: number | undefined;
}

/**
 * Metrics of a generated set against real set A, each beside its baseline and ceiling. Refuses a set from
 * another extractor or at another N.
 *
 * @example
 * evaluateAgainstReference(fake, sets.realA, reference, protocol);
 * // [{ name: 'FD-shapes-features-v1', value: 5.1, n: 10000, baseline: 0.4, ceiling: 1.2 }, …]
 */
export function evaluateAgainstReference(
  fake: NamedFeatureSet,
  realA: NamedFeatureSet,
  reference: EvaluationReference,
  protocol: EvalProtocol,
  metrics: DistributionMetric[] = protocolMetrics(protocol),
): ReadableMetric[] {
  if (realA.extractorHash !== reference.extractorHash) {
    throw new ExtractorMismatchError(
      'evaluation (real set A vs reference)',
      reference.extractorHash,
      realA.extractorHash,
    );
  }
  checkSet('generated set', fake, reference.n, reference.extractorHash);
  checkSet('real set A', realA, reference.n, reference.extractorHash);
  const values = metrics.flatMap((m) => flatten(m.compute(realA, fake)));
  return values.map((v) => {
    const base = reference.baseline.find((r) => r.name === v.name);
    const ceil = reference.ceiling?.find((r) => r.name === v.name);
    if (!base)
      throw new MetricInputError(
        `the reference has no baseline for ${v.name}`,
        'compute the reference with the same metrics',
      );
    return {
      name: v.name,
      value: v.value,
      n: v.n,
      ...(v.std !== undefined ? { std: v.std } : {}),
      baseline: base.value,
      ceiling: ceil?.value,
    };
  });
}
