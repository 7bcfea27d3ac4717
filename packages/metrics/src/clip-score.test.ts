import { describe, expect, it } from 'vitest';
import { clipScore, isPairedEmbedding } from './clip-score.js';
import { createFeatureSet } from './feature-set.js';

const emb = (rows: number[][], extractorHash = 'sha256:clip') =>
  createFeatureSet({
    data: Float64Array.from(rows.flat()),
    n: rows.length,
    dim: rows[0]!.length,
    extractorHash,
    extractor: 'mini-clip',
  });

describe('clipScore', () => {
  it('is 100 · mean of clipped cosines (hand computation)', () => {
    // cosines: 1, 0, −1 → 0, 1/√2, and scale-invariance: (3, 0)·(5, 0) → 1.
    const images = emb([
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 1],
      [3, 0],
    ]);
    const texts = emb([
      [1, 0],
      [0, 1],
      [-1, 0],
      [1, 0],
      [5, 0],
    ]);
    const s = clipScore(images, texts);
    expect(s.value).toBeCloseTo((100 * (1 + 0 + 0 + Math.SQRT1_2 + 1)) / 5, 12);
    expect(s.name).toBe('CLIP-score-mini-clip');
    expect(s.n).toBe(5);
    expect((s.details!.perPair as number[])[2]).toBe(0);
    expect(clipScore(images, texts, { scale: 2.5 }).value).toBeCloseTo(s.value / 40, 12);
  });

  it('refuses unpaired, mismatched or zero embeddings with clear messages', () => {
    expect(() =>
      clipScore(
        emb([[1, 0]]),
        emb([
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toThrow(/1 image embeddings but 2 text embeddings/);
    expect(() => clipScore(emb([[1, 0]]), emb([[1, 0]], 'sha256:other'))).toThrow(/different extractors/);
    expect(() => clipScore(emb([[0, 0]]), emb([[1, 0]]))).toThrow(/image embedding of pair 0 is all zeros/);
    expect(isPairedEmbedding(emb([[1, 0]]), emb([[0, 1]]))).toBe(true);
    expect(isPairedEmbedding(emb([[1, 0]]), emb([[0, 1]], 'x'))).toBe(false);
  });
});
