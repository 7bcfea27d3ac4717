import { describe, expect, it } from 'vitest';
import { elementwiseFlops } from './activation.js';

describe('elementwiseFlops', () => {
  it('prices each op per element', () => {
    expect(elementwiseFlops({ kind: 'gelu', elements: 48 }).forward.model).toBe(384);
    expect(elementwiseFlops({ kind: 'silu', elements: 10 }).forward.model).toBe(40);
    expect(elementwiseFlops({ kind: 'relu', elements: 10 }).forward.model).toBe(10);
    expect(elementwiseFlops({ kind: 'modulate', elements: 10 }).backward.executed).toBe(40);
  });

  it('rejects a negative element count', () => {
    expect(() => elementwiseFlops({ kind: 'add', elements: -2 })).toThrow(/elementwiseFlops\.elements/);
  });
});
