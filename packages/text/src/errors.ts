/** Errors of `@flopmatch/text`. Each names what is wrong and how to fix it. */
import { FlopmatchError } from '@flopmatch/core';

/**
 * A tokenizer was used or trained in a way it cannot honour: an id outside the vocabulary, a fixed length
 * too short for BOS + EOS, a corpus too small for the requested vocabulary. `code` is `E_TOKENIZER`.
 */
export class TokenizerError extends FlopmatchError {
  constructor(message: string, fix?: string) {
    super('E_TOKENIZER', message, fix);
  }
}
