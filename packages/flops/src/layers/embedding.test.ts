import { describe, expect, it } from 'vitest';
import { embeddingFlops } from './embedding.js';

describe('embeddingFlops', () => {
  it('costs nothing as a lookup and 2·V·d per token as a one-hot matmul', () => {
    const c = embeddingFlops({ tokens: 3, vocab: 5, width: 4 });
    expect(c.forward).toEqual({ model: 0, executed: 2 * 3 * 5 * 4 });
  });

  it('runs only the table gradient backward (ids carry no gradient)', () => {
    expect(embeddingFlops({ tokens: 3, vocab: 5, width: 4 }).backward).toEqual({ model: 0, executed: 120 });
  });

  it('rejects a fractional vocabulary', () => {
    expect(() => embeddingFlops({ tokens: 3, vocab: 5.5, width: 4 })).toThrow(/embeddingFlops\.vocab/);
  });
});
