/**
 * A batch of prompts as `Conditioning` (the contract in `@flopmatch/core`): ids [N, L] int32, with the
 * null prompt in rows marked `isNull` (classifier-free guidance's unconditional branch, or conditioning
 * dropout during training).
 */
import type { Conditioning, PromptTokenizer } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { TokenizerError } from './errors.js';

/** A `Conditioning` plus what encoding found: which prompts were truncated, and their full lengths. */
export interface PromptBatch extends Conditioning {
  /** `truncated[i]`: prompt i did not fit in L tokens (false for null rows). */
  truncated: boolean[];
  /** Tokens each prompt had before padding/truncation, BOS and EOS included. */
  lengths: number[];
}

/**
 * Encodes `prompts` to `length` tokens each with any `PromptTokenizer`; row i is `nullPrompt(length)`
 * where `isNull[i]` (default: no null rows). The caller owns `ids` and disposes it.
 *
 * @example
 * const batch = promptBatch(tokenizer, ['a red circle', 'two squares'], 16, [false, true]);
 * batch.ids.shape; // [2, 16]; row 1 is BOS NULL EOS PAD …
 */
export function promptBatch(
  tokenizer: PromptTokenizer,
  prompts: readonly string[],
  length: number,
  isNull?: readonly boolean[],
): PromptBatch {
  if (isNull && isNull.length !== prompts.length) {
    throw new TokenizerError(
      `promptBatch: isNull has ${isNull.length} entries for ${prompts.length} prompts`,
      'pass one flag per prompt',
    );
  }
  const flags = prompts.map((_, i) => isNull?.[i] === true);
  const encoded = prompts.map((text, i) =>
    flags[i] ? tokenizer.nullPrompt(length) : tokenizer.encodeFixed(text, length),
  );
  const data = new Int32Array(prompts.length * length);
  encoded.forEach((e, i) => {
    data.set(e.ids, i * length);
  });
  return {
    ids: tf.tensor2d(data, [prompts.length, length], 'int32'),
    isNull: flags,
    truncated: encoded.map((e) => e.truncated),
    lengths: encoded.map((e) => e.length),
  };
}
