/**
 * Property tests (fast-check) of the byte-level BPE: exact round trips, merges applied in rank order
 * (against a deliberately naive encoder and trainer written here), the vocabulary size, and the
 * fixed-length framing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticCaptions } from '../test/synthetic-captions.js';
import { BpeTokenizer } from './bpe-tokenizer.js';
import { TokenizerError } from './errors.js';
import { preTokenize } from './pre-tokenize.js';
import { trainBpe } from './train-bpe.js';

const captions = syntheticCaptions(1500, 11);
const trained = {
  gpt2: trainBpe(captions, { vocabSize: 700 }),
  none: trainBpe(captions, { vocabSize: 500, preTokenize: 'none' }),
};
const captionWords = [...new Set(captions.flatMap((c) => c.split(' ')))];

/** Well-formed strings of every kind: any code point, printable graphemes, composed graphemes, caption-like. */
const wellFormed = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 20 }),
  fc.array(fc.constantFrom(...captionWords), { maxLength: 12 }).map((ws) => ws.join(' ')),
);
/** Strings of arbitrary UTF-16 code units, lone surrogates included. */
const anyUtf16 = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 30,
});

/** Independent rendering of what UTF-8 does to lone surrogates. */
function replaceLoneSurrogates(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Naive reference: for every merge in rank order, rewrite each piece's ids left to right. */
function naiveEncode(
  text: string,
  merges: ReadonlyArray<readonly [number, number]>,
  mode: 'gpt2' | 'none',
): number[] {
  const out: number[] = [];
  for (const piece of preTokenize(text, mode)) {
    let ids = [...Buffer.from(piece, 'utf8')];
    merges.forEach(([left, right], rank) => {
      const next: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] === left && ids[i + 1] === right && i + 1 < ids.length) {
          next.push(256 + rank);
          i++;
        } else next.push(ids[i] as number);
      }
      ids = next;
    });
    out.push(...ids);
  }
  return out;
}

/** Naive reference trainer: recount every pair from scratch before each merge. */
function naiveTrain(corpus: string[], merges: number): [number, number][] {
  const words = corpus.flatMap((c) => preTokenize(c, 'gpt2')).map((p) => [...Buffer.from(p, 'utf8')]);
  const learned: [number, number][] = [];
  for (let r = 0; r < merges; r++) {
    const counts = new Map<string, number>();
    for (const w of words)
      for (let i = 0; i + 1 < w.length; i++)
        counts.set(`${w[i]},${w[i + 1]}`, (counts.get(`${w[i]},${w[i + 1]}`) ?? 0) + 1);
    let best: [number, number] | undefined;
    let bestCount = 0;
    for (const [key, count] of counts) {
      const [l, rr] = key.split(',').map(Number) as [number, number];
      if (
        count > bestCount ||
        (count === bestCount && best && (l < best[0] || (l === best[0] && rr < best[1])))
      ) {
        best = [l, rr];
        bestCount = count;
      }
    }
    if (!best) break;
    learned.push(best);
    for (let k = 0; k < words.length; k++) {
      const w = words[k] as number[];
      const next: number[] = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === best[0] && w[i + 1] === best[1]) {
          next.push(256 + r);
          i++;
        } else next.push(w[i] as number);
      }
      words[k] = next;
    }
  }
  return learned;
}

/**
 * Random valid merge lists over a 3-letter alphabet: merge r joins ids from {a, b, c} ∪ [256, 256 + r),
 * no pair twice (a repeated pair is rejected by `fromMerges`).
 */
const randomMerges = fc
  .integer({ min: 1, max: 25 })
  .chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, r) => {
        const id = fc.integer({ min: 0, max: 2 + r }).map((k) => (k < 3 ? 97 + k : 256 + k - 3));
        return fc.tuple(id, id);
      }),
    ),
  )
  .map((merges) => {
    // Drop repeats, then renumber: dropping merge k shifts every id above 256 + k down by one.
    const seen = new Set<string>();
    const kept: [number, number][] = [];
    const newId = new Map<number, number>();
    merges.forEach(([l, r], rank) => {
      const [nl, nr] = [newId.get(l) ?? l, newId.get(r) ?? r];
      if (nl < 0 || nr < 0 || seen.has(`${nl},${nr}`)) {
        newId.set(256 + rank, -1); // dropped: later merges using it are dropped too
        return;
      }
      seen.add(`${nl},${nr}`);
      newId.set(256 + rank, 256 + kept.length);
      kept.push([nl, nr]);
    });
    return kept;
  });

describe('BPE properties', () => {
  for (const [mode, tok] of Object.entries(trained)) {
    it(`decode(encode(s)) === s for well-formed strings (${mode})`, () => {
      fc.assert(
        fc.property(wellFormed, (s) => {
          expect(tok.decode(tok.encode(s))).toBe(s);
        }),
        { numRuns: 400 },
      );
    });

    it(`lone surrogates come back as U+FFFD (${mode})`, () => {
      fc.assert(
        fc.property(anyUtf16, (s) => {
          expect(tok.decode(tok.encode(s))).toBe(replaceLoneSurrogates(s));
        }),
        { numRuns: 300 },
      );
    });

    it(`applies learned merges in rank order, like the naive encoder (${mode})`, () => {
      fc.assert(
        fc.property(fc.oneof(wellFormed, anyUtf16), (s) => {
          const ids = tok.encode(s);
          expect(ids).toEqual(naiveEncode(s, tok.merges, mode as 'gpt2' | 'none'));
          for (const id of ids) expect(id).toBeLessThan(tok.special.pad);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('applies any valid merge list in rank order, overlapping merges included', () => {
    fc.assert(
      fc.property(
        randomMerges,
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), maxLength: 40 }),
        (merges, s) => {
          const tok = BpeTokenizer.fromMerges(merges);
          expect(tok.encode(s)).toEqual(naiveEncode(s, merges, 'gpt2'));
          expect(tok.decode(tok.encode(s))).toBe(s);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('trains the same merges as a naive trainer that recounts every pair each step', () => {
    const corpus = fc.array(
      fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', ' ', 'é'), maxLength: 16 }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(corpus, fc.integer({ min: 0, max: 30 }), (texts, merges) => {
        const tok = trainBpe(texts, { vocabSize: 260 + merges, allowSmallerVocab: true });
        expect(tok.merges).toEqual(naiveTrain(texts, merges));
      }),
      { numRuns: 200 },
    );
  });

  it('meets the vocabulary size exactly, or throws saying the largest it supports', () => {
    const corpus = fc.array(fc.string({ unit: fc.constantFrom('x', 'y', 'z', ' '), maxLength: 12 }), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(corpus, fc.integer({ min: 260, max: 320 }), (texts, vocabSize) => {
        const largest = trainBpe(texts, { vocabSize, allowSmallerVocab: true }).vocabSize;
        expect(largest).toBeLessThanOrEqual(vocabSize);
        if (largest === vocabSize) {
          const tok = trainBpe(texts, { vocabSize });
          expect(tok.vocabSize).toBe(vocabSize);
          expect(tok.special.null).toBe(vocabSize - 1);
        } else {
          expect(() => trainBpe(texts, { vocabSize })).toThrowError(TokenizerError);
          expect(() => trainBpe(texts, { vocabSize })).toThrowError(`(vocabSize ${largest})`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('encodeFixed frames, pads and truncates to exactly the length asked', () => {
    const tok = trained.gpt2;
    const { pad, bos, eos } = tok.special;
    fc.assert(
      fc.property(wellFormed, fc.integer({ min: 2, max: 40 }), (s, L) => {
        const tokens = tok.encode(s);
        const { ids, length, truncated } = tok.encodeFixed(s, L);
        const kept = Math.min(tokens.length + 2, L);
        expect(ids).toHaveLength(L);
        expect(length).toBe(tokens.length + 2);
        expect(truncated).toBe(tokens.length + 2 > L);
        expect(ids[0]).toBe(bos);
        expect(ids.slice(1, kept - 1)).toEqual(tokens.slice(0, kept - 2));
        expect(ids[kept - 1]).toBe(eos);
        expect(ids.slice(kept)).toEqual(Array(L - kept).fill(pad));
        if (!truncated) expect(tok.decode(ids)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});
