/**
 * Codebook usage and perplexity of a set of token ids — how much of a discrete codec's capacity is used
 * (A. van den Oord et al., "Neural Discrete Representation Learning", arXiv:1711.00937, and its successors
 * report both): usage = |{k : n_k > 0}| / K, perplexity = exp(H(p)) with p_k = n_k / Σn the empirical code
 * distribution (K when every code is equally used, 1 when one code takes everything).
 */
import { AutoencoderShapeError } from '../errors.js';

/** Codebook statistics of a set of ids. */
export interface CodebookStats {
  /** Codes used at least once. */
  used: number;
  /** used / K, in [0, 1]. */
  usage: number;
  /** exp of the entropy (nats) of the empirical code distribution. */
  perplexity: number;
  /** Ids counted. */
  count: number;
}

/**
 * @example
 * codebookStats(Int32Array.from([0, 0, 1, 1]), 4); // { used: 2, usage: 0.5, perplexity: 2, count: 4 }
 */
export function codebookStats(ids: ArrayLike<number>, codebookSize: number): CodebookStats {
  const counts = new Float64Array(codebookSize);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!(Number.isInteger(id) && id >= 0 && id < codebookSize)) {
      throw new AutoencoderShapeError(
        'codebookStats',
        `id ${id} at index ${i} is outside [0, ${codebookSize})`,
      );
    }
    counts[id]! += 1;
  }
  let used = 0;
  let entropy = 0;
  for (const n of counts) {
    if (n === 0) continue;
    used++;
    const p = n / ids.length;
    entropy -= p * Math.log(p); // H(p) = −Σ p log p
  }
  return {
    used,
    usage: used / codebookSize,
    perplexity: ids.length ? Math.exp(entropy) : 0,
    count: ids.length,
  };
}
