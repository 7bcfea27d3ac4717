/**
 * References for the CLIP-like score, measured like the distribution metrics (same N, same prompt set):
 * real images of set A with their own captions (what perfect prompt following scores), the same images
 * with the captions of set B (what ignoring the prompt scores), and, given an autoencoder round trip,
 * reconstructions of set A with their captions (the ceiling in that latent space).
 */
import type { Dataset, MetricValue } from '@flopmatch/core';
import { clipScore } from '../clip-score.js';
import { MetricInputError } from '../errors.js';
import type { ClipNetwork, HostImages } from '../networks/eval-network.js';
import type { EvalProtocol } from './eval-protocol.js';
import { realSetRanges } from './eval-protocol.js';
import { extractDataset } from './extract-dataset.js';

/** CLIP-like scores of the references, all at the protocol's N. */
export interface ClipScoreReference {
  n: number;
  /** Real set A with its own captions. */
  matched: MetricValue;
  /** Real set A with set B's captions (prompt ignored). */
  mismatched: MetricValue;
  /** Reconstructions of real set A with set A's captions (absent without `reconstruct`). */
  reconstructed: MetricValue | undefined;
}

/** Options of `clipScoreReference`. */
export interface ClipScoreReferenceOptions {
  clip: ClipNetwork;
  dataset: Dataset;
  protocol: EvalProtocol;
  /** Autoencoder round trip of a batch of images. */
  reconstruct?: (images: HostImages) => HostImages;
}

/**
 * @example
 * const ref = clipScoreReference({ clip, dataset, protocol });
 * // generated images answer real set A's captions: read clip.scoreHost(generated, prompts) between
 * // ref.mismatched.value and ref.matched.value
 */
export function clipScoreReference(options: ClipScoreReferenceOptions): ClipScoreReference {
  const { clip, dataset, protocol } = options;
  const { a, b } = realSetRanges(protocol);
  if (b.offset + b.count > dataset.size) {
    throw new MetricInputError(
      `CLIP reference: two disjoint sets of N = ${protocol.n} need ${b.offset + b.count} samples, ${dataset.id} has ${dataset.size}`,
      `lower the protocol's n to at most ${Math.floor((dataset.size - protocol.offset) / 2)}`,
    );
  }
  const captions = (offset: number) =>
    Array.from({ length: protocol.n }, (_, i) => dataset.get(offset + i).caption);
  const prompts = clip.embedPrompts(captions(a.offset));
  const others = clip.embedPrompts(captions(b.offset));
  const images = extractDataset(clip, dataset, a);
  const reconstructed = options.reconstruct
    ? clipScore(extractDataset(clip, dataset, { ...a, transform: options.reconstruct }), prompts)
    : undefined;
  return {
    n: protocol.n,
    matched: clipScore(images, prompts),
    mismatched: clipScore(images, others),
    reconstructed,
  };
}
