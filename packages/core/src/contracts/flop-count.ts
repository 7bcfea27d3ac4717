/**
 * A FLOP count in the ledger's convention (see `@flopmatch/flops`): a multiply-add is 2 FLOPs, backward
 * is 2× forward for matmuls.
 *
 * - `model`: FLOPs the mathematics needs (an embedding lookup costs 0, causal attention counts only the
 *   unmasked half). This is what budgets are charged in.
 * - `executed`: FLOPs our kernels actually run (an embedding as a one-hot matmul, full attention scores
 *   computed before masking). Reported beside `model` so the gap is visible.
 */
export interface FlopCount {
  model: number;
  executed: number;
}

/** Adds FLOP counts field by field. */
export function addFlops(...counts: FlopCount[]): FlopCount {
  let model = 0;
  let executed = 0;
  for (const c of counts) {
    model += c.model;
    executed += c.executed;
  }
  return { model, executed };
}

/** Scales a FLOP count (e.g. per example → per batch). */
export function scaleFlops(count: FlopCount, factor: number): FlopCount {
  return { model: count.model * factor, executed: count.executed * factor };
}

/** The zero count. */
export const ZERO_FLOPS: FlopCount = Object.freeze({ model: 0, executed: 0 });
