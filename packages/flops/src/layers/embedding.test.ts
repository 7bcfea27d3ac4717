import { describe, expect, it } from 'vitest';
import { trainingFlops } from '../convention.js';
import { embeddingFlops } from './embedding.js';

describe('embeddingFlops', () => {
  it('costs nothing as a lookup; a gather copies forward and scatter-adds tokens·d backward', () => {
    const c = embeddingFlops({ tokens: 3, vocab: 5, width: 4 });
    expect(c.forward).toEqual({ model: 0, executed: 0 });
    expect(c.backward).toEqual({ model: 0, executed: 3 * 4 }); // one addition per gradient element
    expect(trainingFlops(c)).toEqual({ model: 0, executed: 12 });
  });

  it('costs 2·V·d per token as a one-hot matmul, and only the table gradient backward', () => {
    const c = embeddingFlops({ tokens: 3, vocab: 5, width: 4, implementation: 'one-hot' });
    expect(c.forward).toEqual({ model: 0, executed: 2 * 3 * 5 * 4 });
    expect(c.backward).toEqual({ model: 0, executed: 120 }); // ids carry no gradient
  });

  it('rejects a fractional vocabulary', () => {
    expect(() => embeddingFlops({ tokens: 3, vocab: 5.5, width: 4 })).toThrow(/embeddingFlops\.vocab/);
  });
});
