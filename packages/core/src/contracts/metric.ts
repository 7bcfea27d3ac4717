/** Features of a set of images, [n, dim] row-major, with the hash of the network that produced them. */
export interface FeatureSet {
  n: number;
  dim: number;
  data: Float32Array | Float64Array;
  /** sha256 of the evaluation network's weights; metrics refuse to compare sets with different hashes. */
  extractorHash: string;
}

/** A metric value. `n` is always reported: FD and KID depend on sample size. */
export interface MetricValue {
  /** e.g. `FD-shapes-v1`, `KID-shapes-v1`, `prompt-accuracy`. */
  name: string;
  value: number;
  n: number;
  /** Optional spread (KID's std over subsets, a bootstrap interval …). */
  std?: number;
  details?: Record<string, unknown>;
}

/**
 * A distribution metric between real and generated feature sets (FD, KID, precision/recall).
 *
 * @example
 * const fd = metric.compute(realFeatures, fakeFeatures); // { name: 'FD-shapes-v1', value: 3.2, n: 1000 }
 */
export interface DistributionMetric {
  readonly specVersion: 'v1';
  readonly id: string;
  compute(real: FeatureSet, fake: FeatureSet): MetricValue | MetricValue[];
}
