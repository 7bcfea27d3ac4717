/**
 * A mini-CLIP's text tower is only meaningful with the tokenizer it was trained with. The fingerprint is
 * the sha256 of the tokenizer's vocabulary size, special ids and fixed-length encodings of a list of probe
 * prompts (stored with the network), so a different tokenizer — another vocabulary, another merge table —
 * is detected on load.
 */
import { type PromptTokenizer, sha256Hex } from '@flopmatch/core';

/**
 * `sha256:<hex>` of how `tokenizer` encodes `probes` at `length` tokens.
 *
 * @example
 * const fp = tokenizerFingerprint(tokenizer, ['a red circle', 'two blue squares'], 24);
 */
export function tokenizerFingerprint(
  tokenizer: PromptTokenizer,
  probes: readonly string[],
  length: number,
): string {
  const encodings = probes.map((p) => tokenizer.encodeFixed(p, length).ids);
  const text = JSON.stringify({
    vocabSize: tokenizer.vocabSize,
    special: [tokenizer.special.pad, tokenizer.special.bos, tokenizer.special.eos, tokenizer.special.null],
    length,
    encodings,
  });
  return `sha256:${sha256Hex(text)}`;
}
