/**
 * Linear layer / matmul: y = x·W (+ b) for `tokens` rows of `inFeatures` → `outFeatures`.
 * Forward = 2·tokens·inFeatures·outFeatures (+ tokens·outFeatures for the bias add); model = executed.
 * Backward = 2 × forward (the input- and weight-gradient matmuls).
 */
import { denseCost, FLOPS_PER_MULTIPLY_ADD, type OpCost } from '../convention.js';
import { requireCount } from '../errors.js';

/** Options of `linearFlops`. */
export interface LinearFlopsOptions {
  /** Rows multiplied (tokens × batch). */
  tokens: number;
  /** Input features k of W [k, m]. */
  inFeatures: number;
  /** Output features m of W [k, m]. */
  outFeatures: number;
  /** Whether a bias is added (1 FLOP per output). Default false. */
  bias?: boolean;
}

/**
 * FLOPs of a linear layer: 2·n·k·m (+ n·m with bias).
 *
 * @example
 * linearFlops({ tokens: 3, inFeatures: 4, outFeatures: 12, bias: true }).forward.model; // 288 + 36
 */
export function linearFlops(options: LinearFlopsOptions): OpCost {
  const { tokens, inFeatures, outFeatures, bias = false } = options;
  requireCount('linearFlops.tokens', tokens);
  requireCount('linearFlops.inFeatures', inFeatures);
  requireCount('linearFlops.outFeatures', outFeatures);
  const forward =
    FLOPS_PER_MULTIPLY_ADD * tokens * inFeatures * outFeatures + (bias ? tokens * outFeatures : 0);
  return denseCost(forward);
}

/** Parameters of a linear layer: k·m (+ m with bias). */
export function linearParams(inFeatures: number, outFeatures: number, bias = false): number {
  return inFeatures * outFeatures + (bias ? outFeatures : 0);
}
