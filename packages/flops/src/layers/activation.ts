/**
 * Pointwise activations and elementwise ops, priced per element (counted only when `CountOptions` asks):
 *   GELU (arXiv:1606.08415, tanh form) `ELEMENT_FLOPS.gelu`, SiLU (arXiv:1702.03118) `ELEMENT_FLOPS.silu`,
 *   ReLU `ELEMENT_FLOPS.relu`; adds, gates and products `ELEMENT_FLOPS.add`; adaLN modulate
 *   `ELEMENT_FLOPS.modulate`. Backward = 2 × forward by convention.
 */
import { costFromForward, ELEMENT_FLOPS, type OpCost } from '../convention.js';
import { requireCount } from '../errors.js';

/** Activation functions the ledger prices. */
export type ActivationKind = 'gelu' | 'silu' | 'relu';

/** Elementwise op families the ledger prices. */
export type ElementwiseKind = ActivationKind | 'add' | 'modulate';

/** Options of `elementwiseFlops`. */
export interface ElementwiseFlopsOptions {
  /** The op. */
  kind: ElementwiseKind;
  /** Elements it is applied to. */
  elements: number;
}

/**
 * FLOPs of an elementwise op over `elements` values; model = executed.
 *
 * @example
 * elementwiseFlops({ kind: 'gelu', elements: 48 }).forward.model; // 8·48 = 384
 */
export function elementwiseFlops(options: ElementwiseFlopsOptions): OpCost {
  requireCount('elementwiseFlops.elements', options.elements);
  const f = ELEMENT_FLOPS[options.kind] * options.elements;
  return costFromForward({ model: f, executed: f });
}
