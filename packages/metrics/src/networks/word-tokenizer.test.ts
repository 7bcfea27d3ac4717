import { describe, expect, it } from 'vitest';
import { tokenizerFingerprint } from './tokenizer-fingerprint.js';
import { WORD_TOKENIZER_SPECIAL, WordTokenizer, wordVocabulary } from './word-tokenizer.js';

describe('WordTokenizer', () => {
  const tok = new WordTokenizer(
    wordVocabulary(['a red circle', 'two blue squares', 'a red square left of a blue circle']),
  );

  it('builds a sorted vocabulary after the 5 reserved ids', () => {
    expect(tok.words).toEqual(['a', 'blue', 'circle', 'left', 'of', 'red', 'square', 'squares', 'two']);
    expect(tok.vocabSize).toBe(5 + 9);
    expect(tok.encode('a red circle')).toEqual([5, 10, 7]);
  });

  it('round-trips captions and marks unknown words', () => {
    expect(tok.decode(tok.encode('two blue squares'))).toBe('two blue squares');
    expect(tok.encode('a green circle')).toEqual([5, WORD_TOKENIZER_SPECIAL.unknown, 7]);
    expect(tok.decode(tok.encode('a green circle'))).toBe('a <unk> circle');
  });

  it('pads, truncates (reporting it) and encodes the null prompt at a fixed length', () => {
    expect(tok.encodeFixed('a red circle', 7)).toEqual({
      ids: [1, 5, 10, 7, 2, 0, 0],
      length: 5,
      truncated: false,
    });
    expect(tok.encodeFixed('a red square left of a blue circle', 5)).toEqual({
      ids: [1, 5, 10, 11, 2],
      length: 10,
      truncated: true,
    });
    expect(tok.nullPrompt(4).ids).toEqual([1, 3, 2, 0]);
    expect(() => tok.encodeFixed('a', 1)).toThrow(/length 1 leaves no room/);
  });

  it('refuses repeated or malformed words', () => {
    expect(() => new WordTokenizer(['a', 'a'])).toThrow(/listed twice/);
    expect(() => new WordTokenizer(['Red'])).toThrow(/not one lower-case word/);
  });

  it('fingerprints tell tokenizers apart', () => {
    const probes = ['a red circle', 'two blue squares'];
    const same = new WordTokenizer([...tok.words]);
    const other = new WordTokenizer([...tok.words].reverse());
    expect(tokenizerFingerprint(same, probes, 8)).toBe(tokenizerFingerprint(tok, probes, 8));
    expect(tokenizerFingerprint(other, probes, 8)).not.toBe(tokenizerFingerprint(tok, probes, 8));
    expect(tokenizerFingerprint(tok, probes, 8)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
