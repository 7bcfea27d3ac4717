import { describe, expect, it } from 'vitest';
import { TINY_CAUSAL_TRANSFORMER } from '../testing/tiny-transformers.js';
import { transformerFlops } from './transformer-flops.js';
import { BACKBONE_TERMS, sumTerms, TERM_NAMES } from './transformer-terms.js';

describe('sumTerms and BACKBONE_TERMS', () => {
  const f = transformerFlops(TINY_CAUSAL_TRANSFORMER);

  it('sums every term by default: the forward and backward totals', () => {
    const all = sumTerms(f.terms);
    expect(all.forward).toEqual(f.forward);
    expect(all.backward).toEqual(f.backward);
  });

  it('sums the backbone terms: everything but embeddings, conditioning and the head', () => {
    expect(TERM_NAMES.filter((name) => !BACKBONE_TERMS.includes(name))).toEqual([
      'promptEmbedding',
      'inputEmbedding',
      'conditioning',
      'output',
    ]);
    // tiny causal model, hand-computed in transformer-flops.test.ts: qkv 324, scores 48 (72), values 48 (72),
    // out 108, MLP 828; the default options count no norms, activations, softmax or elementwise ops
    const backbone = sumTerms(f.terms, BACKBONE_TERMS);
    expect(backbone.forward).toEqual({
      model: 324 + 48 + 48 + 108 + 828,
      executed: 324 + 72 + 72 + 108 + 828,
    });
    // the whole forward is the backbone plus the output head (2·3·4·5 = 120), the gathered embedding costs 0
    expect(f.forward.model - backbone.forward.model).toBe(120);
  });

  it('sums nothing to zero', () => {
    expect(sumTerms(f.terms, [])).toEqual({
      forward: { model: 0, executed: 0 },
      backward: { model: 0, executed: 0 },
    });
  });
});
