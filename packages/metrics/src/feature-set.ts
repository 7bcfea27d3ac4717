/**
 * Feature sets: what evaluation networks produce and distribution metrics consume. `extractorHash`
 * identifies the network's exact weights; metrics refuse to compare sets whose hashes differ, so a number
 * like `FD-shapes-v1 = 3.2` always means the same network.
 */
import { createHash } from 'node:crypto';
import type { FeatureSet, HostArray } from '@flopmatch/core';
import { ExtractorMismatchError, MetricInputError } from './errors.js';

/** A `FeatureSet` that also carries the human-readable name of its extractor (`shapes-v1`, `inception`). */
export interface NamedFeatureSet extends FeatureSet {
  /** Name used in metric names (`FD-<extractor>`); default `custom` when absent. */
  extractor?: string;
}

/** The hash given to feature sets whose extractor is unknown (e.g. a bare `.npy` file without a sidecar). */
export const UNVERIFIED_EXTRACTOR = 'unverified';

/** Options of `createFeatureSet`. */
export interface FeatureSetOptions {
  /** Row-major features [n, dim]. */
  data: Float32Array | Float64Array;
  n: number;
  dim: number;
  /** Hash of the extractor's weights (see `hashExtractorWeights`); default `unverified`. */
  extractorHash?: string;
  /** Extractor name for metric names; default absent (`custom`). */
  extractor?: string;
}

/**
 * Validates and wraps features [n, dim] (length n·dim, every value finite).
 *
 * @example
 * const set = createFeatureSet({ data, n: 1000, dim: 64, extractorHash: net.hash, extractor: 'shapes-v1' });
 */
export function createFeatureSet(options: FeatureSetOptions): NamedFeatureSet {
  const { data, n, dim } = options;
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim < 1) {
    throw new MetricInputError(`feature set: n = ${n} and dim = ${dim} must be integers with n ≥ 0, dim ≥ 1`);
  }
  if (data.length !== n * dim) {
    throw new MetricInputError(
      `feature set: data has ${data.length} values but n·dim = ${n}·${dim} = ${n * dim}`,
      'pass row-major features of shape [n, dim]',
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new MetricInputError(
        `feature set: value at row ${Math.floor(i / dim)}, column ${i % dim} is ${data[i]}`,
        'features must be finite; check the extractor for overflow or NaN inputs',
      );
    }
  }
  const set: NamedFeatureSet = { n, dim, data, extractorHash: options.extractorHash ?? UNVERIFIED_EXTRACTOR };
  if (options.extractor !== undefined) set.extractor = options.extractor;
  return set;
}

/**
 * Checks that two sets can be compared by `metric`: same extractor hash, same dimension, at least
 * `minSamples` rows each. Throws `ExtractorMismatchError` or `MetricInputError` naming the problem.
 */
export function assertComparable(
  metric: string,
  real: FeatureSet,
  fake: FeatureSet,
  minSamples: number,
): void {
  if (real.extractorHash !== fake.extractorHash) {
    throw new ExtractorMismatchError(metric, real.extractorHash, fake.extractorHash);
  }
  if (real.dim !== fake.dim) {
    throw new MetricInputError(
      `${metric}: real features have dim ${real.dim} but fake features have dim ${fake.dim}`,
      'extract both sets with the same network and layer',
    );
  }
  for (const [which, set] of [
    ['real', real],
    ['fake', fake],
  ] as const) {
    if (set.data.length !== set.n * set.dim) {
      throw new MetricInputError(
        `${metric}: ${which} data has ${set.data.length} values, expected n·dim = ${set.n * set.dim}`,
      );
    }
    if (set.n < minSamples) {
      throw new MetricInputError(
        `${metric}: the ${which} set has ${set.n} samples; at least ${minSamples} are needed`,
        'evaluate on more images',
      );
    }
  }
}

/** The extractor name shared by two sets, for metric names (`custom` when neither names it). */
export function extractorName(real: NamedFeatureSet, fake: NamedFeatureSet): string {
  return real.extractor ?? fake.extractor ?? 'custom';
}

/**
 * `sha256:<hex>` over an extractor's name, version and weights, in a canonical order (tensor names
 * sorted; each contributes its name, dtype, shape and raw bytes). Evaluation networks use it as
 * `FeatureSet.extractorHash`, so any change to a weight, the architecture's tensor layout or the version
 * gives a different hash.
 *
 * @example
 * const hash = hashExtractorWeights('shapes-v1', 1, { 'conv1.weight': { dtype: 'float32', shape: [3, 3, 3, 8], data } });
 */
export function hashExtractorWeights(
  name: string,
  version: number,
  weights: Record<string, HostArray>,
): string {
  const h = createHash('sha256');
  h.update(`flopmatch-extractor\0${name}\0${version}\0`);
  for (const key of Object.keys(weights).sort()) {
    const w = weights[key]!;
    const bytes = new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength);
    h.update(`${key}\0${w.dtype}\0${JSON.stringify(w.shape)}\0${bytes.byteLength}\0`);
    h.update(bytes);
  }
  return `sha256:${h.digest('hex')}`;
}
