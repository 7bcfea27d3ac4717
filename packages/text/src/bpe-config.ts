/**
 * Schemas of the byte-level BPE tokenizer: its frozen config, the options of training, and the saved
 * JSON file. Validated with zod through `parseConfig` from `@flopmatch/core`, so every error names the
 * field, the value found and the fix.
 */
import { z } from 'zod';
import { BYTE_TOKENS, MAX_VOCAB_SIZE } from './bpe-merge.js';
import { PRE_TOKENIZE_MODES, type PreTokenizeMode } from './pre-tokenize.js';

/** Number of special tokens (PAD, BOS, EOS, NULL); they take the last ids of the vocabulary. */
export const SPECIAL_TOKEN_COUNT = 4;

/** Smallest vocabulary: the 256 bytes and the 4 special tokens, no merges. */
export const MIN_VOCAB_SIZE = BYTE_TOKENS + SPECIAL_TOKEN_COUNT;

/** Version of the config and of the saved file this package writes and reads. */
export const BPE_FORMAT_VERSION = 1;

/** The `type` of a BPE tokenizer config and file. */
export const BPE_TYPE = 'tokenizer:bpe';

const vocabSize = z
  .number()
  .int()
  .min(MIN_VOCAB_SIZE, `must be at least ${MIN_VOCAB_SIZE} (256 bytes + 4 special tokens)`)
  .max(MAX_VOCAB_SIZE, `must be at most ${MAX_VOCAB_SIZE}`);

const preTokenize = z.enum(PRE_TOKENIZE_MODES as [PreTokenizeMode, ...PreTokenizeMode[]]);

/** Schema of {@link BpeConfig}. */
export const BpeConfigSchema = z.strictObject({
  type: z.literal(BPE_TYPE),
  version: z.literal(BPE_FORMAT_VERSION),
  vocabSize,
  preTokenize,
});

/**
 * The frozen, serialisable config of a trained tokenizer (`tokenizer.config`). The learned merges are
 * data, like weights, and live beside it in the saved file.
 */
export type BpeConfig = z.output<typeof BpeConfigSchema>;

/** Schema of {@link TrainBpeOptions}. */
export const TrainBpeOptionsSchema = z.strictObject({
  vocabSize,
  preTokenize: preTokenize.default('gpt2'),
  allowSmallerVocab: z.boolean().default(false),
});

/** Options of `trainBpe`. */
export interface TrainBpeOptions {
  /**
   * Size of the vocabulary to learn, special tokens included: 256 byte tokens + (vocabSize − 260) merges +
   * PAD, BOS, EOS, NULL. Required; at least 260. Synthetic caption grammars need only a few hundred ids;
   * larger, free-form corpora support (and benefit from) a few thousand.
   */
  vocabSize: number;
  /**
   * How prompts are split before merging (see `PreTokenizeMode`). Default `gpt2`: merges never cross
   * word boundaries, as in GPT-2's byte-level BPE.
   */
  preTokenize?: PreTokenizeMode;
  /**
   * When the corpus runs out of pairs before reaching `vocabSize`, return a tokenizer with fewer merges
   * (its `vocabSize` says how many) instead of throwing. Default false: the vocabulary size is exactly the
   * one asked for, or training fails with a message saying the largest size this corpus supports.
   */
  allowSmallerVocab?: boolean;
}

const tokenId = z.number().int().min(0);

/** Schema of the saved tokenizer file (version 1). */
export const BpeFileSchema = z.strictObject({
  type: z.literal(BPE_TYPE),
  version: z.literal(BPE_FORMAT_VERSION),
  vocabSize,
  preTokenize,
  special: z.strictObject({ pad: tokenId, bos: tokenId, eos: tokenId, null: tokenId }),
  merges: z.array(z.tuple([tokenId, tokenId])),
});

/**
 * The saved tokenizer (JSON): the config fields, the special-token ids and the merges in rank order, each
 * `[left, right]`; merge `r` creates id `256 + r`.
 *
 * @example
 * { "type": "tokenizer:bpe", "version": 1, "vocabSize": 263, "preTokenize": "gpt2",
 *   "special": { "pad": 259, "bos": 260, "eos": 261, "null": 262 }, "merges": [[97, 97], [97, 98], [256, 257]] }
 */
export type BpeFile = z.output<typeof BpeFileSchema>;
