/**
 * Softmax over attention scores, priced per score at `ELEMENT_FLOPS.softmax` (scale, max-subtract, exp, sum,
 * divide). Excluded from totals unless `CountOptions.softmax` is set, following PaLM (arXiv:2204.02311
 * App. B) and Chinchilla (arXiv:2203.15556 App. F), which count only matmuls. Model counts the unmasked
 * scores; executed counts every score the kernel normalises (masked ones included).
 * Backward = 2 × forward by the ledger's convention (softmax's true backward, y ⊙ (g − Σ y·g), is ~3 per score).
 */
import type { FlopCount } from '@flopmatch/core';
import { costFromForward, ELEMENT_FLOPS, type OpCost } from '../convention.js';
import { requireCount } from '../errors.js';

/** Options of `softmaxFlops`. */
export interface SoftmaxFlopsOptions {
  /** Scores normalised, per head summed over heads: `model` unmasked, `executed` computed. */
  scores: FlopCount;
}

/**
 * Softmax FLOPs: `ELEMENT_FLOPS.softmax` per score.
 *
 * @example
 * softmaxFlops({ scores: { model: 6, executed: 9 } }).forward; // { model: 30, executed: 45 }
 */
export function softmaxFlops(options: SoftmaxFlopsOptions): OpCost {
  requireCount('softmax.scores.model', options.scores.model);
  requireCount('softmax.scores.executed', options.scores.executed);
  return costFromForward({
    model: ELEMENT_FLOPS.softmax * options.scores.model,
    executed: ELEMENT_FLOPS.softmax * options.scores.executed,
  });
}
