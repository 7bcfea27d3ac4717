/**
 * UTF-8 between JavaScript strings and bytes, the alphabet of the byte-level BPE.
 *
 * JavaScript strings are UTF-16 and may hold lone surrogates, which UTF-8 cannot represent. Encoding goes
 * through `TextEncoder`, which replaces each lone surrogate with U+FFFD; so the round trip
 * `utf8Decode(utf8Encode(s)) === s` holds exactly for well-formed strings, and gives `s` with every lone
 * surrogate replaced by U+FFFD otherwise. Decoding never throws: invalid byte sequences (e.g. a token
 * sequence cut in the middle of a character) become U+FFFD, and a leading U+FEFF (byte-order mark) is kept
 * as text rather than stripped.
 */

const encoder = new TextEncoder();
// ignoreBOM: true keeps a leading U+FEFF in the output (the default decoder drops it, breaking round trips).
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** UTF-8 bytes of `text`; lone surrogates become U+FFFD (bytes EF BF BD). */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The string whose UTF-8 encoding is `bytes`; invalid sequences become U+FFFD, never an exception. */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** True when `text` holds no lone surrogate, i.e. when it survives a UTF-8 round trip unchanged. */
export function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** `text` with each lone surrogate replaced by U+FFFD: what `decode(encode(text))` returns. */
export function toWellFormed(text: string): string {
  return utf8Decode(utf8Encode(text));
}
