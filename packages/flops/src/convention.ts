/**
 * The ledger's counting convention, in one place. Every formula in `@flopmatch/flops` (and so every budget,
 * sampler cost and comparison in flopmatch) follows it.
 *
 * 1. A multiply-add is 2 FLOPs (PaLM, arXiv:2204.02311 App. B; Chinchilla, arXiv:2203.15556 App. F).
 *    A matmul of [n, k] by [k, m] is 2·n·k·m FLOPs; a bias add is n·m FLOPs.
 * 2. Backward = 2 × forward for every counted op, so one training step is 3 × forward (Kaplan et al.,
 *    arXiv:2001.08361 §2.1: C ≈ 6N per token). For matmuls this is exact (one matmul for the input gradient,
 *    one for the weight gradient). For non-matmul ops (bias, norms, softmax, activations, elementwise) it is
 *    an assumption: their true backward costs between 1× (a bias gradient is one reduction) and about 3×
 *    their forward; they are small and excluded by default.
 *    The exception is the executed embedding, priced by how it runs (`CountOptions.embedding`): a gather
 *    (default, as `@flopmatch/nn`'s `Embedding`) copies rows forward (0) and scatter-adds the gradient
 *    backward (tokens·d additions); a one-hot matmul (2·V·d per token) runs only its table gradient backward
 *    (1 × forward), since token ids carry no gradient.
 * 3. Two counts side by side (`FlopCount` from `@flopmatch/core`):
 *    - `model`: what the mathematics needs. An embedding lookup costs 0; masked attention counts only the
 *      unmasked query–key pairs (causal: i(i+1)/2 over a sequence of i positions).
 *    - `executed`: what flopmatch's kernels run. The embedding as above (gather: 0 forward, tokens·d
 *      backward); attention computes all S² scores and values, then masks.
 * 4. Softmax, normalisation, activations and elementwise ops (residual adds, adaLN modulation) are excluded
 *    by default, as in the PaLM / Chinchilla / Kaplan conventions; `CountOptions` switches each family on,
 *    priced per element with the constants below.
 */
import { addFlops, type FlopCount, scaleFlops, ZERO_FLOPS } from '@flopmatch/core';

/** FLOPs per multiply-add (rule 1). */
export const FLOPS_PER_MULTIPLY_ADD = 2;

/** Backward FLOPs per forward FLOP for every counted op (rule 2). */
export const BACKWARD_FACTOR = 2;

/**
 * Per-element FLOPs of the non-matmul ops, when `CountOptions` asks for them. One elementary arithmetic op
 * or transcendental (exp, tanh, rsqrt) counts 1; per-row work (a mean's final divide, one rsqrt per row) is
 * ignored.
 */
export const ELEMENT_FLOPS = Object.freeze({
  /** Softmax per score: scale by 1/√Q, subtract the row max, exp, add to the row sum, divide. */
  softmax: 5,
  /** Layer/group norm per element, without affine: add to mean, subtract, square, add to variance, scale. */
  norm: 5,
  /** RMS norm per element, without affine: square, add to the sum, scale. */
  rmsNorm: 3,
  /** Affine scale and shift per element (scale only for RMS norm: 1). */
  normAffine: 2,
  /** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
  gelu: 8,
  /** SiLU: x / (1 + exp(−x)). */
  silu: 4,
  /** ReLU: one comparison. */
  relu: 1,
  /** A residual add, a gate multiply, a position add. */
  add: 1,
  /** adaLN modulate x·(1 + scale) + shift (the 1 + scale is per channel, not per element). */
  modulate: 2,
});

/** The cost of one op (or a sum of ops): forward and backward, each as model and executed FLOPs. */
export interface OpCost {
  forward: FlopCount;
  backward: FlopCount;
}

/** The zero cost. */
export const ZERO_COST: OpCost = Object.freeze({ forward: ZERO_FLOPS, backward: ZERO_FLOPS });

/**
 * An op cost from its forward count, with backward = `backwardFactor` × forward (rule 2).
 *
 * @example
 * costFromForward({ model: 10, executed: 10 }); // { forward: 10/10, backward: 20/20 }
 */
export function costFromForward(forward: FlopCount, backwardFactor: number = BACKWARD_FACTOR): OpCost {
  return { forward: { ...forward }, backward: scaleFlops(forward, backwardFactor) };
}

/** An op whose model and executed counts agree (a dense matmul, a conv). */
export function denseCost(forwardFlops: number): OpCost {
  return costFromForward({ model: forwardFlops, executed: forwardFlops });
}

/** Adds op costs field by field. */
export function addCosts(...costs: OpCost[]): OpCost {
  return {
    forward: addFlops(...costs.map((c) => c.forward)),
    backward: addFlops(...costs.map((c) => c.backward)),
  };
}

/** Scales an op cost (e.g. one layer → L layers, one example → a batch). */
export function scaleCost(cost: OpCost, factor: number): OpCost {
  return { forward: scaleFlops(cost.forward, factor), backward: scaleFlops(cost.backward, factor) };
}

/** Forward + backward: the FLOPs of one training step of this op. */
export function trainingFlops(cost: OpCost): FlopCount {
  return addFlops(cost.forward, cost.backward);
}
