import { FlopmatchError } from '@flopmatch/core';

/** A ledger formula was called with an impossible argument (a negative size, heads that do not divide d). */
export class FlopsArgumentError extends FlopmatchError {
  /** The offending option, e.g. `linearFlops.inFeatures`. */
  readonly field: string;
  constructor(field: string, value: unknown, problem: string, fix: string) {
    super('E_FLOPS_ARGUMENT', `${field} = ${JSON.stringify(value)}: ${problem}`, fix);
    this.field = field;
  }
}

/** Throws unless `value` is a non-negative integer (sizes, counts, positions). */
export function requireCount(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new FlopsArgumentError(field, value, 'must be a non-negative integer', `pass a whole number ≥ 0`);
  }
}

/** Throws unless `value` is a positive integer. */
export function requirePositive(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new FlopsArgumentError(field, value, 'must be a positive integer', `pass a whole number ≥ 1`);
  }
}
