/**
 * Pre-tokenisation: splits a prompt into pieces ("words") before BPE, so merges never cross a piece
 * boundary. This follows the idea of GPT-2's byte-level BPE (Radford et al. 2019, "Language Models are
 * Unsupervised Multitask Learners", section 2.2): letters, digits and punctuation never merge with each
 * other, a single leading space stays attached to the word after it, and runs of whitespace form their own
 * pieces.
 *
 * The pieces always concatenate back to the input (every code point falls in exactly one class below),
 * so pre-tokenisation never changes the text, only where merges may happen.
 */

/**
 * How text is split before BPE.
 * - `gpt2`: GPT-2-style split (contractions, ` ?letters`, ` ?digits`, ` ?other`, whitespace). Unlike
 *   GPT-2, combining marks (`\p{M}`) count as letters, so a decomposed "é" (e + U+0301) stays one word.
 * - `none`: the whole prompt is one piece; merges may cross spaces (e.g. learn "a red" as one token).
 */
export type PreTokenizeMode = 'gpt2' | 'none';

/** The modes, for schemas and error messages. */
export const PRE_TOKENIZE_MODES: readonly PreTokenizeMode[] = ['gpt2', 'none'];

// Order matters: at each position the first alternative that matches wins.
//   1. English contractions ('s 't 're 've 'm 'll 'd) as their own piece
//   2. an optional space + letters (with combining marks)
//   3. an optional space + digits
//   4. an optional space + anything that is not whitespace, a letter, a mark or a digit
//   5. whitespace not followed by a non-space (so the last space before a word joins that word)
//   6. any remaining whitespace
const GPT2_PATTERN = /'(?:s|t|re|ve|m|ll|d)| ?[\p{L}\p{M}]+| ?\p{N}+| ?[^\s\p{L}\p{M}\p{N}]+|\s+(?!\S)|\s+/gu;

/**
 * Splits `text` into the pieces BPE merges inside. `pieces.join('') === text` always holds.
 *
 * @example
 * preTokenize("a cat's  2 hats!", 'gpt2'); // ['a', ' cat', "'s", ' ', ' 2', ' hats', '!']
 */
export function preTokenize(text: string, mode: PreTokenizeMode): string[] {
  if (text.length === 0) return [];
  if (mode === 'none') return [text];
  return text.match(GPT2_PATTERN) ?? [];
}
