/**
 * A byte-level `PromptTokenizer` test double: ids 0–3 are PAD, BOS, EOS and NULL, byte b is id b + 4.
 * Real (round-trips any UTF-8 text), tiny, and independent of `@flopmatch/text`.
 */
import type { EncodedPrompt, PromptTokenizer } from '@flopmatch/core';

const SPECIAL = { pad: 0, bos: 1, eos: 2, null: 3 } as const;
const OFFSET = 4;

/** Byte-level tokenizer with 260 ids. */
export class CharTokenizer implements PromptTokenizer {
  readonly specVersion = 'v1' as const;
  readonly vocabSize = 256 + OFFSET;
  readonly special = { ...SPECIAL };

  encode(text: string): number[] {
    return [...new TextEncoder().encode(text)].map((b) => b + OFFSET);
  }

  decode(ids: number[]): string {
    return new TextDecoder().decode(Uint8Array.from(ids.filter((i) => i >= OFFSET).map((i) => i - OFFSET)));
  }

  #fixed(body: number[], length: number): EncodedPrompt {
    const full = [SPECIAL.bos, ...body, SPECIAL.eos];
    const ids = full.slice(0, length);
    while (ids.length < length) ids.push(SPECIAL.pad);
    return { ids, length: full.length, truncated: full.length > length };
  }

  encodeFixed(text: string, length: number): EncodedPrompt {
    return this.#fixed(this.encode(text), length);
  }

  nullPrompt(length: number): EncodedPrompt {
    return this.#fixed([SPECIAL.null], length);
  }
}
