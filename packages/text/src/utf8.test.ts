import { describe, expect, it } from 'vitest';
import { isWellFormed, toWellFormed, utf8Decode, utf8Encode } from './utf8.js';

describe('utf8', () => {
  it('encodes to the bytes of the UTF-8 spec', () => {
    expect([...utf8Encode('aé€😀')]).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it('keeps a leading byte-order mark (the default TextDecoder would drop it)', () => {
    expect(utf8Decode(utf8Encode('\ufeffhi'))).toBe('\ufeffhi');
  });

  it('replaces lone surrogates with U+FFFD (EF BF BD)', () => {
    expect([...utf8Encode('\ud800')]).toEqual([0xef, 0xbf, 0xbd]);
    expect(toWellFormed('a\udc00b\ud83d')).toBe('a\ufffdb\ufffd');
  });

  it('decodes invalid byte sequences to U+FFFD without throwing', () => {
    expect(utf8Decode(Uint8Array.of(0xf0, 0x9f, 0x61))).toBe('\ufffda');
  });

  it('tells well-formed strings from ones with lone surrogates', () => {
    expect(isWellFormed('😀 é')).toBe(true);
    expect(isWellFormed('\ud83d')).toBe(false);
    expect(isWellFormed('\ude00x')).toBe(false);
    expect(isWellFormed('\ud83d\ude00')).toBe(true);
  });
});
