import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { syntheticCaptions } from '../test/synthetic-captions.js';
import { TokenizerError } from './errors.js';
import { trainBpe } from './train-bpe.js';

const A = 97;
const B = 98;
const C = 99;
const D = 100;
const SPACE = 32;

describe('trainBpe: merges worked out by hand', () => {
  it('learns aaabdaaabac to a single token', () => {
    // a a a b d a a a b a c — overlapping pair counts: (a,a) 4, (a,b) 2, others 1
    //  0: (a,a) → 256            256 a b d 256 a b a c     counts (256,a) 2, (a,b) 2 — tie
    //  1: (a,b) → 257            left id 97 < 256 wins      256 257 d 256 257 a c
    //  2: (256,257) → 258        count 2                    258 d 258 a c   (all pairs now count 1)
    //  3: (a,c) → 259            smallest left id: a = 97   258 d 258 259
    //  4: (d,258) → 260          smallest left id: d = 100  258 260 259
    //  5: (258,260) → 261                                   261 259
    //  6: (261,259) → 262                                   262
    const tok = trainBpe(['aaabdaaabac'], { vocabSize: 260 + 7 });
    expect(tok.merges).toEqual([
      [A, A],
      [A, B],
      [256, 257],
      [A, C],
      [D, 258],
      [258, 260],
      [261, 259],
    ]);
    expect(tok.encode('aaabdaaabac')).toEqual([262]);
    expect(tok.encode('aaab')).toEqual([258]);
    expect(tok.vocabSize).toBe(267);
  });

  it('weights pieces by frequency and breaks ties by the smallest left id, then right id', () => {
    // pieces: hug ×2, pug, pun, bun
    //  0: (u,g) count 3 → 256    h 256 ×2 | p 256 | p u n | b u n
    //  1: (h,256) 2 ties (u,n) 2; h = 104 < u = 117 → 257
    //  2: (u,n) → 258            p 256 | p 258 | b 258   (all count 1)
    //  3: (b,258) → 259  4: (p,256) → 260  5: (p,258) → 261
    const tok = trainBpe(['hug', 'pug', 'hug', 'pun', 'bun'], { vocabSize: 266 });
    const [h, u, g, n, p] = [...'hugnp'].map((ch) => ch.charCodeAt(0));
    expect(tok.merges).toEqual([
      [u, g],
      [h, 256],
      [u, n],
      [B, 258],
      [p, 256],
      [p, 258],
    ]);
  });

  it("keeps merges inside words with 'gpt2' and lets them cross spaces with 'none'", () => {
    // gpt2 pieces "ab", " ab": (a,b) 2 → 256; then (space,256) → 257; nothing else to merge.
    expect(trainBpe(['ab ab'], { vocabSize: 262 }).merges).toEqual([
      [A, B],
      [SPACE, 256],
    ]);
    // none: a b ␠ a b → (a,b) → 256: 256 ␠ 256; tie (256,␠) vs (␠,256): left 32 wins → 257; then (256,257) → 258.
    expect(trainBpe(['ab ab'], { vocabSize: 263, preTokenize: 'none' }).merges).toEqual([
      [A, B],
      [SPACE, 256],
      [256, 257],
    ]);
  });
});

describe('trainBpe: vocabulary size', () => {
  it('reaches the requested vocabulary size exactly, special tokens last', () => {
    const tok = trainBpe(syntheticCaptions(500), { vocabSize: 400 });
    expect(tok.vocabSize).toBe(400);
    expect(tok.merges).toHaveLength(400 - 260);
    expect(tok.special).toEqual({ pad: 396, bos: 397, eos: 398, null: 399 });
  });

  it('fails with the largest size the corpus supports, or returns it when allowed', () => {
    expect(() => trainBpe(['aaabdaaabac'], { vocabSize: 268 })).toThrowError(TokenizerError);
    expect(() => trainBpe(['aaabdaaabac'], { vocabSize: 268 })).toThrowError(
      /only 7 merges \(vocabSize 267\).*\n.*vocabSize ≤ 267/,
    );
    const tok = trainBpe(['aaabdaaabac'], { vocabSize: 300, allowSmallerVocab: true });
    expect(tok.vocabSize).toBe(267);
    expect(trainBpe([], { vocabSize: 260 }).vocabSize).toBe(260);
  });

  it('does not depend on the order of the captions', () => {
    const captions = syntheticCaptions(800, 3);
    const forward = trainBpe(captions, { vocabSize: 420 });
    const backward = trainBpe([...captions].reverse(), { vocabSize: 420 });
    expect(backward.merges).toEqual(forward.merges);
  });

  it('rejects invalid options naming the field and the fix', () => {
    expect(() => trainBpe(['x'], { vocabSize: 100 })).toThrowError(ConfigError);
    expect(() => trainBpe(['x'], { vocabSize: 100 })).toThrowError(/vocabSize = 100: must be at least 260/);
    expect(() => trainBpe(['x'], { vocabSize: 300, preTokenize: 'words' as never })).toThrowError(
      /preTokenize = "words".*use one of "gpt2", "none"/,
    );
    expect(() => trainBpe(['x'], { vocabSize: 300.5 })).toThrowError(/vocabSize = 300.5/);
  });
});
