import { describe, expect, it } from 'vitest';
import { applyMerges, mergePair, pairKey, unpairKey } from './bpe-merge.js';

const [a, b, c] = [97, 98, 99];

describe('mergePair', () => {
  it('merges left to right without overlap', () => {
    expect(mergePair([a, a, a], a, a, 256)).toEqual([256, a]);
    expect(mergePair([a, a, a, a], a, a, 256)).toEqual([256, 256]);
    expect(mergePair([a, b, c, a, b], a, b, 300)).toEqual([300, c, 300]);
    expect(mergePair([b], a, b, 300)).toEqual([b]);
  });
});

describe('pairKey', () => {
  it('round-trips ids', () => {
    expect(unpairKey(pairKey(258, 97))).toEqual([258, 97]);
    expect(pairKey(1, 0)).toBeGreaterThan(pairKey(0, 1_000_000));
  });
});

describe('applyMerges', () => {
  // rank 0: (a, a) → 256, rank 1: (a, b) → 257, rank 2: (256, 257) → 258
  const ranks = new Map([
    [pairKey(a, a), 0],
    [pairKey(a, b), 1],
    [pairKey(256, 257), 2],
  ]);

  it('applies the lowest-ranked pair first', () => {
    // a a a b: (a,a) rank 0 first → 256 a b → (a,b) → 256 257 → 258
    expect(applyMerges([a, a, a, b], ranks)).toEqual([258]);
    // a a b: (a,a) rank 0 wins over (a,b) rank 1 → 256 b; then nothing applies
    expect(applyMerges([a, a, b], ranks)).toEqual([256, b]);
  });

  it('leaves unknown pairs as bytes', () => {
    expect(applyMerges([c, b, c], ranks)).toEqual([c, b, c]);
    expect(applyMerges([], ranks)).toEqual([]);
  });
});
