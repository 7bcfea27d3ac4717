/**
 * Forward, training and per-token FLOPs of a Transformer described by a `TransformerShape`, per example.
 * Training = forward + backward = 3 × forward (the ledger's convention; the executed one-hot embeddings run
 * only their table gradient). Per-token = per example ÷ T token positions; with no prefix and no
 * conditioning this is Kaplan et al.'s C_forward ≈ 2N + 2·L·n_ctx·d per token (arXiv:2001.08361 Table 1),
 * with causal attention counted exactly: (T + 1)/2 keys per query on average, not T.
 */
import { addFlops, type FlopCount, scaleFlops } from '@flopmatch/core';
import type { OpCost } from '../convention.js';
import { type CountOptions, resolveCountOptions } from '../count-options.js';
import { attentionPairs } from '../layers/attention.js';
import {
  parseTransformerShape,
  prefixPositions,
  sequencePositions,
  type TransformerShape,
  type TransformerShapeInput,
} from './transformer-shape.js';
import { passTerms, sumTerms, type TransformerTerms } from './transformer-terms.js';

/** Everything the ledger reports for one forward / training pass of one example. */
export interface TransformerFlops {
  /** The parsed shape priced. */
  shape: TransformerShape;
  /** Which optional op families were counted. */
  options: CountOptions;
  /** Positions S the blocks process: P (+1 timestep token) + T. */
  positions: number;
  /** The cost per term (per example). */
  terms: TransformerTerms;
  /** One forward pass of one example. */
  forward: FlopCount;
  /** Its backward pass. */
  backward: FlopCount;
  /** forward + backward: one training example. */
  training: FlopCount;
  /** Per token position (÷ T): forward and training. */
  perToken: { forward: FlopCount; training: FlopCount };
}

/**
 * Prices one forward and one training pass of one example.
 *
 * @example
 * const f = transformerFlops(GOLDEN_PRESETS['dit-xl-2']);
 * f.forward.model / 2 / 1e9; // ≈ 118.6 (DiT Table 4 counts multiply-adds)
 */
export function transformerFlops(
  shape: TransformerShapeInput | TransformerShape,
  options: Partial<CountOptions> = {},
): TransformerFlops {
  const parsed = parseTransformerShape(shape);
  const resolved = resolveCountOptions(options);
  const terms = passTerms(
    parsed,
    {
      positions: sequencePositions(parsed),
      pairs: attentionPairs({
        mask: parsed.mask,
        prefixLength: prefixPositions(parsed),
        tokenLength: parsed.tokenLength,
      }),
      promptTokens: parsed.prefixLength,
      inputTokens: parsed.tokenLength,
      headPositions: parsed.tokenLength,
      conditioning: true,
    },
    resolved,
  );
  const total: OpCost = sumTerms(terms);
  const training = addFlops(total.forward, total.backward); // C ≈ 3·C_forward (Kaplan et al. §2.1, eq. (2.2))
  const T = parsed.tokenLength;
  return {
    shape: parsed,
    options: resolved,
    positions: sequencePositions(parsed),
    terms,
    forward: total.forward,
    backward: total.backward,
    training,
    perToken: { forward: scaleFlops(total.forward, 1 / T), training: scaleFlops(training, 1 / T) },
  };
}
