/**
 * Features of dataset samples [offset, offset + count) from any `FeatureExtractor` that can take host
 * images (the in-project networks), read in fixed batches so memory stays bounded.
 */
import type { Dataset } from '@flopmatch/core';
import { MetricInputError } from '../errors.js';
import { createFeatureSet, type NamedFeatureSet } from '../feature-set.js';
import type { HostImages } from '../networks/eval-network.js';
import { gatherSamples } from '../networks/network-inputs.js';

/** An extractor that reads host images (every in-project evaluation network does). */
export interface HostFeatureExtractor {
  readonly name: string;
  readonly extractorHash: string;
  readonly dim: number;
  extractHost(images: HostImages): NamedFeatureSet;
}

/** Options of `extractDataset`. */
export interface ExtractDatasetOptions {
  /** First sample index. Default 0. */
  offset?: number;
  /** Samples to read. */
  count: number;
  /** Samples per read. Default 500. */
  batchSize?: number;
  /** Turns the stacked images of a batch into the images to score (e.g. an autoencoder round trip). */
  transform?: (images: HostImages) => HostImages;
}

/**
 * @example
 * const real = extractDataset(net, createDataset('shapes', { split: 'test', heldOutPairs: [] }), { count: 10_000 });
 */
export function extractDataset(
  extractor: HostFeatureExtractor,
  dataset: Dataset,
  options: ExtractDatasetOptions,
): NamedFeatureSet {
  const offset = options.offset ?? 0;
  const { count } = options;
  const batchSize = options.batchSize ?? 500;
  if (!(Number.isInteger(offset) && offset >= 0 && Number.isInteger(count) && count >= 1)) {
    throw new MetricInputError(
      `extractDataset: offset ${offset} and count ${count} must be integers ≥ 0 and ≥ 1`,
    );
  }
  if (offset + count > dataset.size) {
    throw new MetricInputError(
      `extractDataset: samples ${offset}..${offset + count - 1} exceed ${dataset.id}'s ${dataset.size} samples`,
      `lower the count or offset (at most ${dataset.size} samples)`,
    );
  }
  const data = new Float32Array(count * extractor.dim);
  for (let start = 0; start < count; start += batchSize) {
    const m = Math.min(batchSize, count - start);
    const { images } = gatherSamples(
      dataset,
      Array.from({ length: m }, (_, i) => offset + start + i),
    );
    let host: HostImages = { data: images, n: m, shape: dataset.imageShape };
    if (options.transform) {
      host = options.transform(host);
      if (host.n !== m)
        throw new MetricInputError(`extractDataset: the transform returned ${host.n} images for ${m}`);
    }
    data.set(extractor.extractHost(host).data, start * extractor.dim);
  }
  return createFeatureSet({
    data,
    n: count,
    dim: extractor.dim,
    extractorHash: extractor.extractorHash,
    extractor: extractor.name,
  });
}
