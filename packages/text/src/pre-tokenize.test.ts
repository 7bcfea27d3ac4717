import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preTokenize } from './pre-tokenize.js';

// Strings of arbitrary UTF-16 code units: lone surrogates included.
const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });

describe('preTokenize', () => {
  it('splits GPT-2 style: contractions, a leading space stays with its word, whitespace runs', () => {
    expect(preTokenize("a cat's  2 hats!", 'gpt2')).toEqual(['a', ' cat', "'s", ' ', ' 2', ' hats', '!']);
    expect(preTokenize('red,blue  \n', 'gpt2')).toEqual(['red', ',', 'blue', '  \n']);
  });

  it('keeps combining marks with their letter', () => {
    expect(preTokenize('cafe\u0301 ok', 'gpt2')).toEqual(['cafe\u0301', ' ok']);
  });

  it('separates letters, digits and other symbols', () => {
    expect(preTokenize('abc123😀😀x', 'gpt2')).toEqual(['abc', '123', '😀😀', 'x']);
  });

  it("'none' keeps the prompt whole", () => {
    expect(preTokenize('a red circle', 'none')).toEqual(['a red circle']);
    expect(preTokenize('', 'none')).toEqual([]);
  });

  it('pieces always concatenate back to the input, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.oneof(anyUtf16, fc.string({ unit: 'grapheme' })), (s) => {
        const pieces = preTokenize(s, 'gpt2');
        expect(pieces.join('')).toBe(s);
        for (const p of pieces) expect(p.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
