/**
 * @packageDocumentation
 * `@flopmatch/text`: the byte-level BPE prompt tokenizer (`PromptTokenizer` of `@flopmatch/core`)
 * (training on a caption corpus, exact encode/decode round trips, fixed-length prompts with reported
 * truncation, versioned JSON files), the text-prefix embedding the backbone puts before its sequence, and
 * what every objective composes: `PromptConditioner` (tokenizer + prefix + null prompt) and `PROMPT_FIELDS`.
 */
export * from './bpe-config.js';
export * from './bpe-file.js';
export { applyMerges, BYTE_TOKENS, MAX_VOCAB_SIZE, mergePair } from './bpe-merge.js';
export * from './bpe-tokenizer.js';
export * from './errors.js';
export * from './pre-tokenize.js';
export * from './prompt-batch.js';
export * from './prompt-conditioner.js';
export * from './prompt-fields.js';
export * from './text-prefix-embedding.js';
export * from './train-bpe.js';
export { isWellFormed, toWellFormed, utf8Decode, utf8Encode } from './utf8.js';
