import { FlopmatchError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { FlopsArgumentError, requireCount, requirePositive } from './errors.js';

describe('argument errors', () => {
  it('name the field, the value and the fix', () => {
    try {
      requireCount('linearFlops.tokens', -1);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FlopsArgumentError);
      expect(error).toBeInstanceOf(FlopmatchError);
      expect((error as FlopsArgumentError).field).toBe('linearFlops.tokens');
      expect((error as Error).message).toMatch(
        /linearFlops\.tokens = -1: must be a non-negative integer\n {2}fix:/,
      );
    }
  });

  it('accept zero only where zero is a count', () => {
    expect(() => requireCount('x', 0)).not.toThrow();
    expect(() => requirePositive('x', 0)).toThrow(/must be a positive integer/);
    expect(() => requireCount('x', 1.5)).toThrow(/non-negative integer/);
  });
});
