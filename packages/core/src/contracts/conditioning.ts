import type { Tensor2D } from './tensor.js';

/** Special token ids every prompt tokenizer reserves. */
export interface SpecialTokens {
  pad: number;
  bos: number;
  eos: number;
  /** The unconditional ("null") prompt used for classifier-free guidance and conditioning dropout. */
  null: number;
}

/** Result of encoding one prompt to a fixed length. Truncation is reported, never silent. */
export interface EncodedPrompt {
  ids: number[];
  /** Tokens the prompt had before padding/truncation (BOS/EOS included). */
  length: number;
  truncated: boolean;
}

/**
 * Prompts → token ids. Implemented by `@flopmatch/text` (byte-level BPE); any tokenizer that meets this
 * contract can replace it.
 *
 * @example
 * const enc = tokenizer.encodeFixed('a red circle', 16); // { ids: [bos, …, eos, pad, …], length, truncated }
 */
export interface PromptTokenizer {
  readonly specVersion: 'v1';
  readonly vocabSize: number;
  readonly special: SpecialTokens;
  encode(text: string): number[];
  decode(ids: number[]): string;
  /** BOS + tokens + EOS, padded with PAD or truncated to exactly `length` ids. */
  encodeFixed(text: string, length: number): EncodedPrompt;
  /** The null prompt at `length`: what classifier-free guidance uses for the unconditional branch. */
  nullPrompt(length: number): EncodedPrompt;
}

/**
 * Conditioning for a batch: prompt token ids [N, L] (int32). Row i is the null prompt where `isNull[i]`.
 * The backbone embeds these ids as a prefix of its sequence, identically for all objectives.
 */
export interface Conditioning {
  ids: Tensor2D;
  isNull: boolean[];
}
