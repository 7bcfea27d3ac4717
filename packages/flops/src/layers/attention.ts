/**
 * Scaled dot-product attention, the two matmuls only ("Attention Is All You Need", arXiv:1706.03762 §3.2.1):
 * scores S = Q·Kᵀ and values O = softmax(S)·V, for H heads of width Q over a sequence of
 * S = P (prefix) + T (tokens) positions. Each unmasked query–key pair costs Q multiply-adds per head in each
 * matmul, so scores = values = 2·pairs·H·Q FLOPs.
 *
 * Unmasked pairs (model):
 *   bidirectional  S²
 *   causal         S(S + 1)/2                       (position i sees i + 1 keys, the prefix included)
 *   prefix-causal  P² + T·P + T(T + 1)/2            (prefix sees the whole prefix; token j sees P + j + 1)
 * Executed: flopmatch computes all S² pairs, then masks. One KV-cached decoding step at position p attends to
 * p + 1 keys (model); executed is p + 1 too, or the cache capacity when the kernel runs over a fixed buffer.
 * Softmax is priced separately (`softmaxFlops`). Backward = 2 × forward (both are matmuls).
 */
import type { AttentionMaskKind, FlopCount } from '@flopmatch/core';
import { costFromForward, FLOPS_PER_MULTIPLY_ADD, type OpCost } from '../convention.js';
import { FlopsArgumentError, requireCount } from '../errors.js';

/**
 * Masks the ledger prices: core's `causal` and `bidirectional`, plus `prefix-causal` (a prefix LM: the prefix
 * attends bidirectionally to itself, tokens attend causally to the prefix and earlier tokens).
 */
export type LedgerMaskKind = AttentionMaskKind | 'prefix-causal';

/** Every mask kind the ledger knows, for validation and help text. */
export const MASK_KINDS: readonly LedgerMaskKind[] = Object.freeze([
  'bidirectional',
  'causal',
  'prefix-causal',
]);

/** Options of `attentionPairs` and `attentionFlops`. */
export interface AttentionFlopsOptions {
  /** Which positions see which. */
  mask: LedgerMaskKind;
  /** Prefix positions P (prompt tokens, conditioning tokens). Default 0. */
  prefixLength?: number;
  /** Token positions T after the prefix. */
  tokenLength: number;
  /** Attention heads H. */
  heads: number;
  /** Width per head Q (d / H). */
  headDim: number;
}

/** Query–key pairs scored: `model` those the mask keeps, `executed` those the kernel computes (S²). */
export function attentionPairs(
  options: Pick<AttentionFlopsOptions, 'mask' | 'prefixLength' | 'tokenLength'>,
): FlopCount {
  const { mask, prefixLength: P = 0, tokenLength: T } = options;
  requireCount('attention.prefixLength', P);
  requireCount('attention.tokenLength', T);
  const S = P + T;
  const executed = S * S;
  switch (mask) {
    case 'bidirectional':
      return { model: S * S, executed };
    case 'causal':
      return { model: (S * (S + 1)) / 2, executed };
    case 'prefix-causal':
      return { model: P * P + T * P + (T * (T + 1)) / 2, executed };
    default:
      throw new FlopsArgumentError(
        'attention.mask',
        mask,
        'unknown mask kind',
        `use one of ${MASK_KINDS.join(', ')}`,
      );
  }
}

/** Attention FLOPs split into its two matmuls. */
export interface AttentionCost {
  /** Q·Kᵀ: 2·pairs·H·Q. */
  scores: OpCost;
  /** softmax(S)·V: 2·pairs·H·Q. */
  values: OpCost;
  /** scores + values. */
  total: OpCost;
  /** The pairs counted (per head). */
  pairs: FlopCount;
}

/**
 * Attention matmul FLOPs from a count of query–key pairs per head (what a custom mask or cache scores).
 *
 * @example
 * attentionFromPairs({ model: 6, executed: 9 }, 2, 2).scores.forward; // { model: 48, executed: 72 }
 */
export function attentionFromPairs(pairs: FlopCount, heads: number, headDim: number): AttentionCost {
  requireCount('attention.pairs.model', pairs.model);
  requireCount('attention.pairs.executed', pairs.executed);
  requireCount('attention.heads', heads);
  requireCount('attention.headDim', headDim);
  // eq. (1) of arXiv:1706.03762: Q·Kᵀ and softmax(·)·V each take Q multiply-adds per pair and head.
  const perPair = FLOPS_PER_MULTIPLY_ADD * heads * headDim;
  const forward = { model: pairs.model * perPair, executed: pairs.executed * perPair };
  const scores = costFromForward(forward);
  const values = costFromForward(forward);
  return {
    scores,
    values,
    total: costFromForward({ model: 2 * forward.model, executed: 2 * forward.executed }),
    pairs,
  };
}

/**
 * Attention matmul FLOPs for one sequence under a mask.
 *
 * @example
 * attentionFlops({ mask: 'causal', tokenLength: 3, heads: 2, headDim: 2 }).scores.forward;
 * // pairs 6 of 9 → { model: 2·6·2·2 = 48, executed: 2·9·2·2 = 72 }
 */
export function attentionFlops(options: AttentionFlopsOptions): AttentionCost {
  return attentionFromPairs(attentionPairs(options), options.heads, options.headDim);
}

/** Options of `decodeAttentionFlops`. */
export interface DecodeAttentionOptions {
  /** Absolute position p of the new query (0-based, prefix included); it attends to keys 0..p. */
  position: number;
  /** Attention heads H. */
  heads: number;
  /** Width per head Q. */
  headDim: number;
  /**
   * Keys the kernel actually scores when it runs over a fixed-size cache buffer and masks the unused tail.
   * Default: p + 1 (the kernel slices the cache to its filled length).
   */
  capacity?: number;
}

/**
 * One KV-cached decoding step: a single query at position p against p + 1 cached keys.
 *
 * @example
 * decodeAttentionFlops({ position: 4, heads: 2, headDim: 8 }).total.forward.model; // 2·2·(5·2·8) = 320
 */
export function decodeAttentionFlops(options: DecodeAttentionOptions): AttentionCost {
  const { position, heads, headDim, capacity } = options;
  requireCount('decodeAttention.position', position);
  requireCount('decodeAttention.heads', heads);
  requireCount('decodeAttention.headDim', headDim);
  const keys = position + 1;
  if (capacity !== undefined) {
    requireCount('decodeAttention.capacity', capacity);
    if (capacity < keys) {
      throw new FlopsArgumentError(
        'decodeAttention.capacity',
        capacity,
        `a cache of ${capacity} positions cannot hold the ${keys} keys position ${position} attends to`,
        `allocate a cache of at least ${keys} positions`,
      );
    }
  }
  return attentionFromPairs({ model: keys, executed: capacity ?? keys }, heads, headDim);
}
