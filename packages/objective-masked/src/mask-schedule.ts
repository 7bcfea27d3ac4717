/**
 * MaskGIT's training masks — Chang et al., "MaskGIT: Masked Generative Image Transformer", arXiv:2202.04200,
 * §3.1 (sample a ratio, mask that many tokens uniformly at random) and §3.3 (the cosine mask schedule).
 *
 * Notation: u ~ U[0, 1), r = γ(u) = cos(π/2·u) ∈ (0, 1] the mask ratio, N = T tokens per image,
 * m = max(1, ⌈r·N⌉) tokens masked (at least one, so every example contributes to the loss).
 */
import type { RandomSource } from '@flopmatch/core';

/** γ(u) = cos(π/2 · u): the cosine schedule of §3.3, decreasing from 1 at u = 0 towards 0 at u = 1. */
export function cosineMaskRatio(u: number): number {
  return Math.cos((Math.PI / 2) * u); // §3.3: γ(r) = cos(π/2 · r)
}

/** Tokens masked out of `tokens` at ratio r: max(1, ⌈r·N⌉). */
export function maskCount(ratio: number, tokens: number): number {
  return Math.min(tokens, Math.max(1, Math.ceil(ratio * tokens))); // §3.1: ⌈γ(r)·N⌉ tokens masked
}

/** Training masks for a batch: 1 where masked, row-major [n, tokens], and the count per row. */
export interface TrainingMasks {
  mask: Float32Array;
  counts: number[];
}

/**
 * Draws one mask per example: u from `rng`, r = γ(u), then m = max(1, ⌈r·T⌉) distinct positions chosen
 * uniformly (a partial Fisher–Yates shuffle).
 *
 * @example
 * const { mask, counts } = sampleTrainingMasks(8, 64, rng.split('mask'));
 */
export function sampleTrainingMasks(n: number, tokens: number, rng: RandomSource): TrainingMasks {
  const mask = new Float32Array(n * tokens);
  const counts: number[] = [];
  const order = new Int32Array(tokens);
  for (let i = 0; i < n; i++) {
    const m = maskCount(cosineMaskRatio(rng.uniform()), tokens);
    for (let j = 0; j < tokens; j++) order[j] = j;
    for (let j = 0; j < m; j++) {
      const k = j + rng.int(tokens - j); // partial Fisher–Yates: order[0..m) is a uniform m-subset
      const tmp = order[j]!;
      order[j] = order[k]!;
      order[k] = tmp;
      mask[i * tokens + order[j]!] = 1;
    }
    counts.push(m);
  }
  return { mask, counts };
}
