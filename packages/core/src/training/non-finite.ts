import { FlopmatchError } from '../errors.js';
import type { CheckedTensor } from './training-task.js';

/** A loss or checked tensor became NaN or ±Inf: the run stopped; the message names the step and the tensor. */
export class NonFiniteError extends FlopmatchError {
  /** The step that produced it (1-based, as in the log and checkpoint names). */
  readonly step: number;
  /** `loss` or the name given in `tensorsToCheck`. */
  readonly tensor: string;
  /** The last good checkpoint directory, if one was saved. */
  readonly checkpoint: string | undefined;
  constructor(step: number, tensor: string, found: string, checkpoint: string | undefined) {
    super(
      'E_NON_FINITE',
      `training diverged at step ${step}: ${tensor} ${found}`,
      checkpoint
        ? `the last good checkpoint is ${checkpoint}; resume from it with a lower learning rate or check the data`
        : 'no checkpoint was saved yet; restart with a lower learning rate or check the data',
    );
    this.step = step;
    this.tensor = tensor;
    this.checkpoint = checkpoint;
  }
}

/** Describes the first NaN/±Inf in `tensor` (e.g. `has NaN at index 3`), or undefined if all are finite. */
export function findNonFinite(tensor: CheckedTensor): string | undefined {
  const data = 'data' in tensor && 'shape' in tensor ? tensor.data : tensor;
  if (data instanceof BigInt64Array) return undefined; // integers are always finite
  const values = data as ArrayLike<number>;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) return `has ${v} at index ${i} (of ${values.length})`;
  }
  return undefined;
}
