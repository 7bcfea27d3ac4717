/**
 * The slot evaluation networks fill (part 2: a per-dataset feature/classifier net and a mini-CLIP, trained
 * in-project). An extractor turns images into a `NamedFeatureSet` stamped with its name and the sha256 of
 * its weights (`hashExtractorWeights`), so every FD/KID/precision-recall number names the exact network.
 */
import type { Tensor4D } from '@flopmatch/core';
import type { NamedFeatureSet } from './feature-set.js';

/** A versioned, hashed image → feature network. */
export interface FeatureExtractor {
  readonly specVersion: 'v1';
  /** Name used in metric names, with its version: `shapes-v1`. */
  readonly name: string;
  /** `hashExtractorWeights(name, version, weights)` of the loaded weights. */
  readonly extractorHash: string;
  /** Feature dimension D. */
  readonly dim: number;
  /** Features [N, D] of NHWC images in [-1, 1], with `extractor` = `name` and this `extractorHash`. */
  extract(images: Tensor4D): Promise<NamedFeatureSet>;
}
