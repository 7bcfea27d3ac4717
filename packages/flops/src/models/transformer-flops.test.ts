import { describe, expect, it } from 'vitest';
import { ALL_COUNT_OPTIONS } from '../count-options.js';
import { TINY_CAUSAL_TRANSFORMER } from '../testing/tiny-transformers.js';
import { transformerFlops } from './transformer-flops.js';
import type { TERM_NAMES } from './transformer-terms.js';

const tiny = TINY_CAUSAL_TRANSFORMER;

describe('transformerFlops, hand-computed L=1 d=4 T=3', () => {
  const f = transformerFlops(tiny);
  const fwd = (name: (typeof TERM_NAMES)[number]) => f.terms[name].forward;

  it('prices every term', () => {
    expect(fwd('inputEmbedding')).toEqual({ model: 0, executed: 0 }); // a gather copies rows
    expect(f.terms.inputEmbedding.backward).toEqual({ model: 0, executed: 3 * 4 }); // scatter-add of 3 rows of 4
    expect(fwd('qkv')).toEqual({ model: 2 * 3 * 4 * 12 + 3 * 12, executed: 324 }); // 288 + bias 36
    // causal: 1 + 2 + 3 = 6 of 9 pairs, 2·H·Q = 8 FLOPs per pair
    expect(fwd('attentionScores')).toEqual({ model: 48, executed: 72 });
    expect(fwd('attentionValues')).toEqual({ model: 48, executed: 72 });
    expect(fwd('attentionOut')).toEqual({ model: 2 * 3 * 4 * 4 + 12, executed: 108 });
    expect(fwd('mlp')).toEqual({ model: 2 * 3 * 4 * 16 + 48 + 2 * 3 * 16 * 4 + 12, executed: 828 });
    expect(fwd('output')).toEqual({ model: 2 * 3 * 4 * 5, executed: 120 });
    for (const name of [
      'promptEmbedding',
      'conditioning',
      'modulation',
      'softmax',
      'activations',
      'norms',
      'elementwise',
    ] as const) {
      expect(fwd(name), name).toEqual({ model: 0, executed: 0 });
    }
  });

  it('sums the terms into forward, training and per-token counts', () => {
    expect(f.positions).toBe(3);
    // executed − model: causal attention scored in full, 2 × 2·(9 − 6)·H·Q = 48
    expect(f.forward).toEqual({ model: 1476, executed: 1524 });
    // backward: 2 × forward, plus the gathered embedding's scatter-add (3 tokens × d = 12 additions)
    expect(f.backward).toEqual({ model: 2952, executed: 2 * 1524 + 12 });
    expect(f.training).toEqual({ model: 4428, executed: 4584 });
    expect(f.perToken.training).toEqual({ model: 4428 / 3, executed: 4584 / 3 });
  });

  it('prices the embeddings as one-hot matmuls when asked (the previous convention)', () => {
    const o = transformerFlops(tiny, { embedding: 'one-hot' });
    expect(o.terms.inputEmbedding.forward).toEqual({ model: 0, executed: 2 * 3 * 5 * 4 }); // [3,5]·[5,4]
    expect(o.forward).toEqual({ model: 1476, executed: 1524 + 120 });
    // backward: only the table gradient of the one-hot matmul (1 × forward)
    expect(o.backward).toEqual({ model: 2952, executed: 2 * 1524 + 120 });
  });

  it('counts full attention when the mask is bidirectional', () => {
    const b = transformerFlops({ ...tiny, mask: 'bidirectional' });
    expect(b.forward.model - f.forward.model).toBe(2 * (72 - 48));
    expect(b.forward.executed).toBe(f.forward.executed);
  });

  it('counts the optional families per element when asked', () => {
    const all = transformerFlops(tiny, ALL_COUNT_OPTIONS);
    expect(all.terms.softmax.forward).toEqual({ model: 5 * 6 * 2, executed: 5 * 9 * 2 }); // 5 per score, H = 2
    expect(all.terms.norms.forward.model).toBe(7 * (2 * 12 + 12)); // 2 block norms + final norm, affine
    expect(all.terms.activations.forward.model).toBe(8 * 3 * 16); // GELU on 3 × 16
    expect(all.terms.elementwise.forward.model).toBe(12 + 2 * 12); // position add + 2 residual adds
    expect(all.forward.model).toBe(1476 + 60 + 252 + 384 + 36);
  });

  it('counts a prompt prefix exactly under each mask', () => {
    const withPrompt = { ...tiny, prefixLength: 2, prefixVocab: 7 };
    const causal = transformerFlops(withPrompt);
    // S = 5: causal pairs 15; prefix-causal pairs 2² + 3·2 + 6 = 16; bidirectional 25
    expect(causal.terms.attentionScores.forward).toEqual({ model: 15 * 8, executed: 25 * 8 });
    expect(
      transformerFlops({ ...withPrompt, mask: 'prefix-causal' }).terms.attentionScores.forward.model,
    ).toBe(16 * 8);
    expect(causal.terms.promptEmbedding.forward).toEqual({ model: 0, executed: 0 });
    expect(causal.terms.promptEmbedding.backward).toEqual({ model: 0, executed: 2 * 4 }); // scatter-add
    expect(
      transformerFlops(withPrompt, { embedding: 'one-hot' }).terms.promptEmbedding.forward.executed,
    ).toBe(2 * 2 * 7 * 4);
    expect(causal.terms.qkv.forward.model).toBe(5 * (2 * 4 * 12 + 12)); // blocks run on all 5 positions
    expect(causal.terms.output.forward.model).toBe(3 * 2 * 4 * 5); // the head only on the 3 tokens
  });

  it('prices a gated MLP with two input projections', () => {
    const g = transformerFlops({ ...tiny, mlpGated: true, mlpWidth: 8, bias: false });
    expect(g.terms.mlp.forward.model).toBe(2 * (2 * 3 * 4 * 8) + 2 * 3 * 8 * 4);
  });

  it('prices adaLN-Zero conditioning once per example', () => {
    const a = transformerFlops({
      ...tiny,
      input: { kind: 'linear', features: 6 },
      conditioning: { mode: 'adaln-zero', frequencyDim: 8, classes: 10 },
    });
    // timestep MLP Linear(8,4) + Linear(4,4) with biases; the class row is gathered (0 forward)
    expect(a.terms.conditioning.forward).toEqual({ model: 104, executed: 104 });
    expect(a.terms.conditioning.backward).toEqual({ model: 208, executed: 208 + 4 }); // + scatter-add of one row
    const oneHot = transformerFlops(
      {
        ...tiny,
        input: { kind: 'linear', features: 6 },
        conditioning: { mode: 'adaln-zero', frequencyDim: 8, classes: 10 },
      },
      { embedding: 'one-hot' },
    );
    expect(oneHot.terms.conditioning.forward.executed).toBe(104 + 2 * 10 * 4); // [1,10]·[10,4]
    // Linear(4, 24) per block (L = 1) and Linear(4, 8) before the head
    expect(a.terms.modulation.forward.model).toBe(2 * 4 * 24 + 24 + 2 * 4 * 8 + 8);
    expect(a.terms.inputEmbedding.forward.model).toBe(2 * 3 * 6 * 4 + 12);
  });

  it('adds a timestep token to the sequence', () => {
    const t = transformerFlops({ ...tiny, conditioning: { mode: 'timestep-token', frequencyDim: 8 } });
    expect(t.positions).toBe(4);
    expect(t.terms.attentionScores.forward.model).toBe(10 * 8); // causal over 4 positions
  });

  it('adds position vectors only where the prompt, timestep token and tokens have positions', () => {
    const shape = {
      ...tiny,
      prefixLength: 2,
      prefixVocab: 7,
      conditioning: { mode: 'timestep-token' as const, frequencyDim: 8 },
    };
    const add = (extra: object) =>
      transformerFlops({ ...shape, ...extra }, { elementwise: true }).terms.elementwise.forward.model;
    const residuals = 2 * 6 * 4; // two residual adds over S = 6 positions of d = 4
    expect(add({})).toBe(residuals + 6 * 4); // one scheme: all 6 positions
    // the prompt only: the timestep token follows `positions` unless its own `position` is set
    expect(add({ positions: 'none', promptPositions: 'learned' })).toBe(residuals + 2 * 4);
    expect(
      add({ promptPositions: 'learned', conditioning: { ...shape.conditioning, position: 'none' } }),
    ).toBe(residuals + (2 + 3) * 4); // prompt and tokens, no timestep position
  });

  it('rejects an invalid shape with a ConfigError', () => {
    expect(() => transformerFlops({ ...tiny, layers: 0 })).toThrow(/layers = 0/);
  });
});
