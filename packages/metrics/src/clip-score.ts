/**
 * CLIP-like score: how well images match their prompts, from paired image and text embeddings.
 *
 * Paper: Hessel et al., "CLIPScore: A Reference-free Evaluation Metric for Image Captioning",
 * arXiv:2104.08718, §3 (which uses w = 2.5); we use the w = 100 convention of text-to-image papers (and
 * torchmetrics' `CLIPScore`), as the study we rebuild reports (Kilian et al., arXiv:2405.13218). The
 * embeddings come from the in-project mini-CLIP, so values are named `CLIP-score-<extractor>`, not "CLIP score".
 */
import type { FeatureSet, MetricValue } from '@flopmatch/core';
import { MetricInputError } from './errors.js';
import { assertComparable, extractorName, type NamedFeatureSet } from './feature-set.js';

/** Options of `clipScore`. */
export interface ClipScoreOptions {
  /** Scale w of the score. Default 100 (text-to-image convention); Hessel et al. use 2.5. */
  scale?: number;
  /** Extractor name in the result name `CLIP-score-<extractor>`; default the sets' `extractor`, else `custom`. */
  extractor?: string;
}

/**
 * w · mean over pairs of max(cos(imageᵢ, textᵢ), 0): row i of `images` is paired with row i of `texts`.
 * Both sets must come from the same (joint) embedding network (same `extractorHash`) and have equal n.
 * `details.perPair` holds each pair's clipped cosine.
 *
 * @example
 * const s = clipScore(imageEmbeddings, textEmbeddings); // { name: 'CLIP-score-mini-clip-v1', value: 31.2, n: 1000 }
 */
export function clipScore(
  images: NamedFeatureSet,
  texts: NamedFeatureSet,
  options: ClipScoreOptions = {},
): MetricValue {
  assertComparable('CLIP score', images, texts, 1);
  if (images.n !== texts.n) {
    throw new MetricInputError(
      `CLIP score: ${images.n} image embeddings but ${texts.n} text embeddings`,
      'pass one text embedding per image (row i of each set is a pair)',
    );
  }
  const d = images.dim;
  const scale = options.scale ?? 100;
  const perPair = new Float64Array(images.n);
  let sum = 0;
  for (let i = 0; i < images.n; i++) {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let t = 0; t < d; t++) {
      const a = images.data[i * d + t]!;
      const b = texts.data[i * d + t]!;
      dot += a * b;
      na += a * a;
      nb += b * b;
    }
    if (na === 0 || nb === 0) {
      throw new MetricInputError(
        `CLIP score: the ${na === 0 ? 'image' : 'text'} embedding of pair ${i} is all zeros (cosine undefined)`,
        'check the embedding network output for that sample',
      );
    }
    perPair[i] = Math.max(dot / Math.sqrt(na * nb), 0);
    sum += perPair[i]!;
  }
  return {
    name: `CLIP-score-${options.extractor ?? extractorName(images, texts)}`,
    value: (scale * sum) / images.n,
    n: images.n,
    details: { scale, extractorHash: images.extractorHash, perPair: Array.from(perPair) },
  };
}

/** Type guard kept beside `clipScore` for callers holding plain `FeatureSet`s. */
export function isPairedEmbedding(images: FeatureSet, texts: FeatureSet): boolean {
  return images.n === texts.n && images.dim === texts.dim && images.extractorHash === texts.extractorHash;
}
