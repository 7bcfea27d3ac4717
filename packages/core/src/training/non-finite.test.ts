import { describe, expect, it } from 'vitest';
import { findNonFinite, NonFiniteError } from './non-finite.js';

describe('findNonFinite', () => {
  it('finds the first NaN or infinity in typed arrays, host arrays and plain arrays', () => {
    expect(findNonFinite(new Float32Array([1, 2, 3]))).toBeUndefined();
    expect(findNonFinite(new Float32Array([1, Number.POSITIVE_INFINITY, Number.NaN]))).toBe(
      'has Infinity at index 1 (of 3)',
    );
    expect(findNonFinite({ dtype: 'float64', shape: [2], data: new Float64Array([0, -Infinity]) })).toBe(
      'has -Infinity at index 1 (of 2)',
    );
    expect(findNonFinite([0, Number.NaN])).toBe('has NaN at index 1 (of 2)');
    expect(findNonFinite({ dtype: 'int64', shape: [1], data: new BigInt64Array([1n]) })).toBeUndefined();
  });

  it('names the step, the tensor and the checkpoint in its message', () => {
    const err = new NonFiniteError(12, 'grad.w', 'has NaN at index 0 (of 4)', '/runs/a/checkpoints/step-10');
    expect(err.code).toBe('E_NON_FINITE');
    expect(err.message).toBe(
      'training diverged at step 12: grad.w has NaN at index 0 (of 4)\n  fix: the last good checkpoint is /runs/a/checkpoints/step-10; resume from it with a lower learning rate or check the data',
    );
  });
});
