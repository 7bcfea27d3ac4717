/**
 * Token embedding: ids → rows of a table [V, d].
 * Model: a lookup, 0 FLOPs forward and backward (Kaplan et al., arXiv:2001.08361 §2.1, exclude it).
 * Executed, by implementation:
 *   gather (default; `@flopmatch/nn`'s `Embedding`): forward copies rows (0 FLOPs); backward scatter-adds the
 *     output gradient into the table, one addition per element: tokens·d.
 *   one-hot: a one-hot matmul [n, V]·[V, d], 2·V·d FLOPs per token forward, and only the table gradient
 *     backward (ids carry no gradient): 1 × forward.
 */
import { FLOPS_PER_MULTIPLY_ADD, type OpCost } from '../convention.js';
import { requireCount } from '../errors.js';

/** How an embedding runs: a gather with a scatter-add gradient, or a one-hot matmul. */
export type EmbeddingImplementation = 'gather' | 'one-hot';

/** Options of `embeddingFlops`. */
export interface EmbeddingFlopsOptions {
  /** Tokens embedded (tokens × batch). */
  tokens: number;
  /** Vocabulary size V (rows of the table). */
  vocab: number;
  /** Embedding width d. */
  width: number;
  /**
   * What the executed count assumes: `gather` (rows copied forward, a scatter-add backward, as
   * `@flopmatch/nn`'s `Embedding`) or `one-hot` (a one-hot matmul). Default `gather`.
   */
  implementation?: EmbeddingImplementation;
}

/**
 * FLOPs of an embedding: model 0; executed per `implementation` — `gather`: 0 forward, tokens·d backward;
 * `one-hot`: 2·V·d per token forward and as much backward.
 *
 * @example
 * embeddingFlops({ tokens: 3, vocab: 5, width: 4 }); // forward { model: 0, executed: 0 }, backward { model: 0, executed: 12 }
 * embeddingFlops({ tokens: 3, vocab: 5, width: 4, implementation: 'one-hot' }).forward; // { model: 0, executed: 120 }
 */
export function embeddingFlops(options: EmbeddingFlopsOptions): OpCost {
  const { tokens, vocab, width, implementation = 'gather' } = options;
  requireCount('embeddingFlops.tokens', tokens);
  requireCount('embeddingFlops.vocab', vocab);
  requireCount('embeddingFlops.width', width);
  if (implementation === 'gather') {
    return { forward: { model: 0, executed: 0 }, backward: { model: 0, executed: tokens * width } }; // scatter-add
  }
  const executed = FLOPS_PER_MULTIPLY_ADD * tokens * vocab * width;
  return { forward: { model: 0, executed }, backward: { model: 0, executed } };
}
