/**
 * MaskGIT's mask schedule: how many tokens are still masked after each parallel-decoding iteration.
 *
 * Paper: Chang et al., "MaskGIT: Masked Generative Image Transformer", arXiv:2202.04200, §3.2 (iterative
 * decoding, step 4 "Mask": n = ⌈γ(t/T)·N⌉ tokens masked, with the cosine mask scheduling function
 * γ(r) = cos(π/2 · r) of §3.3). Like the authors' reference code we round down.
 *
 * Notation: T = tokens in the image (the paper's N), K = iterations (the paper's T).
 */
import { FlopmatchError } from '@flopmatch/core';

/**
 * Masked-token counts m_0 … m_{K−1} after iterations k = 0 … K−1:
 * m_k = clamp(⌊T · cos(π/2 · (k+1)/K)⌋, K − 1 − k, m_{k−1} − 1) with m_{−1} = T, and m_{K−1} = 0.
 * The upper clamp unmasks at least one token per iteration; the lower clamp leaves every later iteration
 * at least one token to unmask. Needs 1 ≤ K ≤ T.
 *
 * @example
 * maskgitSchedule(16, 4); // [14, 11, 6, 0]
 */
export function maskgitSchedule(tokens: number, iterations: number): number[] {
  if (!Number.isInteger(tokens) || !Number.isInteger(iterations) || iterations < 1 || iterations > tokens) {
    throw new FlopmatchError(
      'E_SAMPLER',
      `maskgitSchedule: need integers 1 ≤ iterations (${iterations}) ≤ tokens (${tokens})`,
      'use at most one iteration per latent token (each iteration unmasks at least one)',
    );
  }
  const masked: number[] = [];
  let previous = tokens;
  for (let k = 0; k < iterations; k++) {
    const ratio = (k + 1) / iterations;
    const target = Math.floor(tokens * Math.cos((Math.PI / 2) * ratio)); // γ(r) = cos(π/2·r) (§3.3); count ⌊γ·T⌋ (§3.2 step 4)
    const count = k === iterations - 1 ? 0 : Math.min(previous - 1, Math.max(iterations - 1 - k, target));
    masked.push(count);
    previous = count;
  }
  return masked;
}
