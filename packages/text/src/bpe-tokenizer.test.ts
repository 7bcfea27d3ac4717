import { ConfigError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from './bpe-tokenizer.js';
import { TokenizerError } from './errors.js';

// Merges: 0: (a,a) → 256 "aa", 1: (a,b) → 257 "ab", 2: (256,257) → 258 "aaab". Vocabulary 263:
// specials PAD 259, BOS 260, EOS 261, NULL 262.
const MERGES = [
  [97, 97],
  [97, 98],
  [256, 257],
] as const;
const tok = BpeTokenizer.fromMerges(MERGES);
const [PAD, BOS, EOS, NUL] = [259, 260, 261, 262];

function validFile(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(tok.toJSON()));
}

describe('BpeTokenizer: encode and decode', () => {
  it('encodes by hand-worked merges, piece by piece', () => {
    // "aaab" → (a,a) → 256 a b → (a,b) → 256 257 → 258.  " aab" → ␠ (a,a) b → 32 256 98; (256, b) is no merge.
    expect(tok.encode('aaab aab')).toEqual([258, 32, 256, 98]);
    expect(tok.encode('')).toEqual([]);
    expect(tok.encode('é')).toEqual([0xc3, 0xa9]);
  });

  it('decodes ids back to text, skipping special tokens', () => {
    expect(tok.decode([258, 32, 256, 98])).toBe('aaab aab');
    expect(tok.decode([BOS, 258, NUL, EOS, PAD, PAD])).toBe('aaab');
  });

  it('never produces special tokens from text', () => {
    expect(tok.encode('<|null|> <|pad|>').every((id) => id < PAD)).toBe(true);
  });

  it('rejects ids outside the vocabulary with the index and range', () => {
    expect(() => tok.decode([97, 263])).toThrowError(TokenizerError);
    expect(() => tok.decode([97, 263])).toThrowError(
      /token id 263 at index 1 is outside the vocabulary \[0, 263\)/,
    );
    expect(() => tok.decode([-1])).toThrowError(/token id -1/);
    expect(() => tok.decode([1.5])).toThrowError(/token id 1.5/);
  });

  it('renders tokens for inspection', () => {
    expect(tok.tokenString(258)).toBe('aaab');
    expect(tok.tokenString(NUL)).toBe('<|null|>');
    expect(tok.tokenString(0xc3)).toBe('\ufffd');
    expect([...tok.tokenBytes(258)]).toEqual([97, 97, 97, 98]);
    expect(tok.tokenBytes(BOS)).toHaveLength(0);
  });
});

describe('BpeTokenizer: fixed length', () => {
  it('pads BOS + tokens + EOS with PAD', () => {
    expect(tok.encodeFixed('aaab aab', 8)).toEqual({
      ids: [BOS, 258, 32, 256, 98, EOS, PAD, PAD],
      length: 6,
      truncated: false,
    });
    expect(tok.encodeFixed('aaab aab', 6)).toEqual({
      ids: [BOS, 258, 32, 256, 98, EOS],
      length: 6,
      truncated: false,
    });
    expect(tok.encodeFixed('', 2)).toEqual({ ids: [BOS, EOS], length: 2, truncated: false });
  });

  it('truncates keeping BOS and EOS, and says so', () => {
    expect(tok.encodeFixed('aaab aab', 4)).toEqual({ ids: [BOS, 258, 32, EOS], length: 6, truncated: true });
    expect(tok.encodeFixed('aaab aab', 2)).toEqual({ ids: [BOS, EOS], length: 6, truncated: true });
  });

  it('builds the null prompt as BOS NULL EOS + PAD', () => {
    expect(tok.nullPrompt(5)).toEqual({ ids: [BOS, NUL, EOS, PAD, PAD], length: 3, truncated: false });
    expect(tok.nullPrompt(3).ids).toEqual([BOS, NUL, EOS]);
  });

  it('rejects lengths that cannot hold the frame', () => {
    expect(() => tok.encodeFixed('a', 1)).toThrowError(
      /encodeFixed: length 1 cannot hold BOS and EOS\n.*fix: pass an integer length ≥ 2/,
    );
    expect(() => tok.encodeFixed('a', 4.5)).toThrowError(TokenizerError);
    expect(() => tok.nullPrompt(2)).toThrowError(/nullPrompt: length 2 cannot hold BOS, NULL and EOS/);
  });
});

describe('BpeTokenizer: config and saved form', () => {
  it('has a frozen, serialisable config and the special ids last', () => {
    expect(tok.config).toEqual({ type: 'tokenizer:bpe', version: 1, vocabSize: 263, preTokenize: 'gpt2' });
    expect(Object.isFrozen(tok.config)).toBe(true);
    expect(tok.special).toEqual({ pad: PAD, bos: BOS, eos: EOS, null: NUL });
    expect(tok.specVersion).toBe('v1');
  });

  it('round-trips through JSON', () => {
    const back = BpeTokenizer.fromJSON(validFile());
    expect(back.merges).toEqual(tok.merges);
    expect(back.config).toEqual(tok.config);
    expect(back.encode('aaab aab ba')).toEqual(tok.encode('aaab aab ba'));
  });

  it('keeps the pre-tokenisation mode', () => {
    const none = BpeTokenizer.fromMerges([[98, 32]], { preTokenize: 'none' });
    expect(none.encode('ab a')).toEqual([97, 256, 97]);
    expect(BpeTokenizer.fromJSON(none.toJSON()).encode('ab a')).toEqual([97, 256, 97]);
    expect(BpeTokenizer.fromMerges([[98, 32]]).encode('ab a')).toEqual([97, 98, 32, 97]);
  });

  it('names a merge that uses an id not yet defined', () => {
    const file = {
      ...validFile(),
      merges: [
        [97, 97],
        [97, 258],
        [256, 257],
      ],
    };
    expect(() => BpeTokenizer.fromJSON(file, 'tok.json')).toThrowError(ConfigError);
    expect(() => BpeTokenizer.fromJSON(file, 'tok.json')).toThrowError(
      /invalid tok.json:\n {2}- merges\[1\]\[1\] = 258: merge 1 uses id 258, which is not defined before it \(ids below 257 are\)/,
    );
  });

  it('names a repeated merge', () => {
    const file = {
      ...validFile(),
      vocabSize: 264,
      special: { pad: 260, bos: 261, eos: 262, null: 263 },
      merges: [...MERGES, [97, 98]],
    };
    expect(() => BpeTokenizer.fromJSON(file, 'tok.json')).toThrowError(
      /merges\[3\] = \[97,98\]: repeats merge 1/,
    );
  });

  it('names a vocabulary size or special id that does not fit the merges', () => {
    expect(() => BpeTokenizer.fromJSON({ ...validFile(), vocabSize: 300 }, 'tok.json')).toThrowError(
      /vocabSize = 300: does not match 3 merges .*= 263\) \(fix: set vocabSize to 263/,
    );
    const special = { pad: 259, bos: 260, eos: 262, null: 261 };
    expect(() => BpeTokenizer.fromJSON({ ...validFile(), special }, 'tok.json')).toThrowError(
      /special.eos = 262: .*eos must be 261/,
    );
  });

  it('rejects files from a newer version, and missing or wrong fields', () => {
    expect(() => BpeTokenizer.fromJSON({ ...validFile(), version: 2 }, 'tok.json')).toThrowError(
      /version = 2: written by a newer @flopmatch\/text .*\(fix: upgrade @flopmatch\/text\)/,
    );
    const { merges: _dropped, ...noMerges } = validFile();
    expect(() => BpeTokenizer.fromJSON(noMerges, 'tok.json')).toThrowError(
      /merges = \(missing\).*add the field 'merges'/,
    );
    expect(() =>
      BpeTokenizer.fromJSON({ ...validFile(), type: 'tokenizer:wordpiece' }, 'tok.json'),
    ).toThrowError(/type = "tokenizer:wordpiece"/);
    expect(() => BpeTokenizer.fromJSON({ ...validFile(), merges: [[97, -1]] }, 'tok.json')).toThrowError(
      /merges\[0\]\[1\] = -1/,
    );
    expect(() => BpeTokenizer.fromJSON(null, 'tok.json')).toThrowError(ConfigError);
  });
});
