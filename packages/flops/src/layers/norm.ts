/**
 * Normalisation layers, priced per element (counted only when `CountOptions.norms` is set):
 *   layer norm (arXiv:1607.06450) and group norm (arXiv:1803.08494): `ELEMENT_FLOPS.norm` per element
 *   RMS norm (arXiv:1910.07467): `ELEMENT_FLOPS.rmsNorm` per element
 *   plus the affine transform when present: scale and shift (2) for layer/group norm, scale (1) for RMS norm.
 * Per-row statistics' final divide and rsqrt are ignored. Backward = 2 × forward by convention.
 */
import { costFromForward, ELEMENT_FLOPS, type OpCost } from '../convention.js';
import { requireCount } from '../errors.js';

/** Normalisation families the ledger prices. */
export type NormKind = 'layer' | 'rms' | 'group';

/** Options of `normFlops` and `normParams`. */
export interface NormFlopsOptions {
  /** Which normalisation. */
  kind: NormKind;
  /** Elements normalised (positions × channels). */
  elements: number;
  /** Whether the norm has a learned scale (and shift, except RMS). Default true. */
  affine?: boolean;
}

/** FLOPs a norm spends per element. */
export function normFlopsPerElement(kind: NormKind, affine = true): number {
  if (kind === 'rms') return ELEMENT_FLOPS.rmsNorm + (affine ? 1 : 0);
  return ELEMENT_FLOPS.norm + (affine ? ELEMENT_FLOPS.normAffine : 0);
}

/**
 * FLOPs of one normalisation over `elements` values; model = executed.
 *
 * @example
 * normFlops({ kind: 'layer', elements: 12, affine: false }).forward.model; // 5·12 = 60
 */
export function normFlops(options: NormFlopsOptions): OpCost {
  requireCount('normFlops.elements', options.elements);
  const f = normFlopsPerElement(options.kind, options.affine ?? true) * options.elements;
  return costFromForward({ model: f, executed: f });
}

/** Learned parameters of a norm over `channels`: 2·C (scale, shift), C for RMS, 0 without affine. */
export function normParams(kind: NormKind, channels: number, affine = true): number {
  if (!affine) return 0;
  return kind === 'rms' ? channels : 2 * channels;
}
