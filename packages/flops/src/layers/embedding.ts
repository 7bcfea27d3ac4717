/**
 * Token embedding: ids → rows of a table [V, d].
 * Model: a lookup, 0 FLOPs forward and backward (Kaplan et al., arXiv:2001.08361 §2.1, exclude it).
 * Executed: flopmatch embeds as a one-hot matmul [n, V]·[V, d], 2·V·d FLOPs per token forward, and only the
 * table gradient backward (ids carry no gradient): 1 × forward.
 */
import { FLOPS_PER_MULTIPLY_ADD, type OpCost } from '../convention.js';
import { requireCount } from '../errors.js';

/** Options of `embeddingFlops`. */
export interface EmbeddingFlopsOptions {
  /** Tokens embedded (tokens × batch). */
  tokens: number;
  /** Vocabulary size V (rows of the table). */
  vocab: number;
  /** Embedding width d. */
  width: number;
}

/**
 * FLOPs of an embedding: model 0; executed 2·V·d per token forward and 2·V·d per token backward.
 *
 * @example
 * embeddingFlops({ tokens: 3, vocab: 5, width: 4 }).forward; // { model: 0, executed: 120 }
 */
export function embeddingFlops(options: EmbeddingFlopsOptions): OpCost {
  const { tokens, vocab, width } = options;
  requireCount('embeddingFlops.tokens', tokens);
  requireCount('embeddingFlops.vocab', vocab);
  requireCount('embeddingFlops.width', width);
  const executed = FLOPS_PER_MULTIPLY_ADD * tokens * vocab * width;
  return { forward: { model: 0, executed }, backward: { model: 0, executed } };
}
