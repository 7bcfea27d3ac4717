/**
 * A closed-vocabulary, word-level `PromptTokenizer`: the fixed text side of the committed mini-CLIP
 * networks. An evaluation network must not change when a generator's tokenizer does, so each committed
 * mini-CLIP stores its word list and is rebuilt with exactly this tokenizer; any other `PromptTokenizer`
 * (e.g. `@flopmatch/text`'s BPE) can train a new mini-CLIP through the same API.
 *
 * Ids: 0 PAD, 1 BOS, 2 EOS, 3 NULL (the unconditional prompt), 4 UNK (a word outside the list), then the
 * words in the order given. Words are split on whitespace, lower-cased.
 */
import type { EncodedPrompt, PromptTokenizer, SpecialTokens } from '@flopmatch/core';
import { MetricInputError } from '../errors.js';

/** Ids reserved before the words. */
export const WORD_TOKENIZER_SPECIAL: Readonly<SpecialTokens & { unknown: number }> = Object.freeze({
  pad: 0,
  bos: 1,
  eos: 2,
  null: 3,
  unknown: 4,
});

const FIRST_WORD_ID = 5;

/** The sorted, unique lower-case words of `captions`. */
export function wordVocabulary(captions: Iterable<string>): string[] {
  const words = new Set<string>();
  for (const c of captions) for (const w of c.toLowerCase().split(/\s+/)) if (w) words.add(w);
  return [...words].sort();
}

/**
 * @example
 * const tok = new WordTokenizer(['a', 'circle', 'red']);
 * tok.encodeFixed('a red circle', 6).ids; // [1, 5, 7, 6, 2, 0]
 */
export class WordTokenizer implements PromptTokenizer {
  readonly specVersion = 'v1' as const;
  readonly special: SpecialTokens = { ...WORD_TOKENIZER_SPECIAL };
  readonly vocabSize: number;
  readonly words: readonly string[];
  readonly #ids: Map<string, number>;

  constructor(words: readonly string[]) {
    const ids = new Map<string, number>();
    words.forEach((w, i) => {
      if (w === '' || /\s/.test(w) || w !== w.toLowerCase()) {
        throw new MetricInputError(
          `WordTokenizer: word ${i} (${JSON.stringify(w)}) is not one lower-case word`,
        );
      }
      if (ids.has(w)) throw new MetricInputError(`WordTokenizer: the word '${w}' is listed twice`);
      ids.set(w, FIRST_WORD_ID + i);
    });
    this.words = Object.freeze([...words]);
    this.#ids = ids;
    this.vocabSize = FIRST_WORD_ID + words.length;
  }

  encode(text: string): number[] {
    return text
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== '')
      .map((w) => this.#ids.get(w) ?? WORD_TOKENIZER_SPECIAL.unknown);
  }

  decode(ids: number[]): string {
    return ids
      .filter((id) => id >= FIRST_WORD_ID || id === WORD_TOKENIZER_SPECIAL.unknown)
      .map((id) =>
        id === WORD_TOKENIZER_SPECIAL.unknown ? '<unk>' : (this.words[id - FIRST_WORD_ID] ?? '<unk>'),
      )
      .join(' ');
  }

  encodeFixed(text: string, length: number): EncodedPrompt {
    return this.#fixed(this.encode(text), length);
  }

  nullPrompt(length: number): EncodedPrompt {
    return this.#fixed([WORD_TOKENIZER_SPECIAL.null], length);
  }

  #fixed(tokens: number[], length: number): EncodedPrompt {
    if (!Number.isInteger(length) || length < 2) {
      throw new MetricInputError(
        `WordTokenizer: prompt length ${length} leaves no room for BOS and EOS`,
        'use length ≥ 2',
      );
    }
    const full = [WORD_TOKENIZER_SPECIAL.bos, ...tokens, WORD_TOKENIZER_SPECIAL.eos];
    const truncated = full.length > length;
    const ids = truncated ? [...full.slice(0, length - 1), WORD_TOKENIZER_SPECIAL.eos] : [...full];
    while (ids.length < length) ids.push(WORD_TOKENIZER_SPECIAL.pad);
    return { ids, length: full.length, truncated };
  }
}
