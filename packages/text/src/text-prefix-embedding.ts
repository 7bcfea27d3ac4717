/**
 * The text prefix: prompt ids [N, L] → embeddings [N, L, d], the same module for all three objectives
 * (flow matching, masked-token, next-token); the Transformer package decides how the prefix enters its
 * sequence.
 *
 * Study: Kilian, Jampani & Zettlemoyer 2024, "Computational Tradeoffs in Image Synthesis: Diffusion,
 * Masked-Token, and Next-Token Prediction", arXiv:2405.13218 (method section: one Transformer backbone
 * for all three objectives). How the prompt is embedded is flopmatch's choice — a learned prefix, the
 * same for every objective so the comparison stays controlled — not a claim about the paper's text
 * encoder. The embedding is GPT's input layer: Radford et al. 2018, "Improving Language Understanding by
 * Generative Pre-Training", §3.1, eq. (2): h₀ = U·W_e + W_p.
 *
 * Notation:
 *   U   one-hot prompt ids            here `ids` [N, L] (int32; a lookup, never a one-hot matmul)
 *   W_e token embedding [V, d]        `token.weight`
 *   W_p position embedding [L, d]     `position`
 *   N = batch, L = prompt length, V = vocabulary size (special tokens included), d = model width
 */
import { parseConfig, type RandomSource } from '@flopmatch/core';
import { Embedding, embedding, Module, normalInit, ShapeError } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';

/** Options of `TextPrefixEmbedding`. */
export interface TextPrefixEmbeddingOptions {
  /** V: vocabulary size of the prompt tokenizer, special tokens included (`tokenizer.vocabSize`). Required. */
  vocabSize: number;
  /** L: the prompt length in tokens, i.e. the `length` passed to `encodeFixed`; one learned position each. Required. */
  length: number;
  /** d: the backbone's model width. Required. */
  dim: number;
  /** Source of the initial tables (split into `token` and `position`). Required; not part of `.config`. */
  rng: RandomSource;
  /** Standard deviation of the N(0, std²) initialisation of both tables. Default 0.02 (GPT-2). */
  std?: number;
}

/** Schema of {@link TextPrefixEmbeddingConfig}. */
export const TextPrefixEmbeddingConfigSchema = z.strictObject({
  type: z.literal('text:prefix-embedding'),
  version: z.literal(1),
  vocabSize: z.number().int().positive(),
  length: z.number().int().positive(),
  dim: z.number().int().positive(),
  std: z.number().nonnegative().default(0.02),
});

/** The frozen, serialisable config of a `TextPrefixEmbedding` (the `rng` is runtime-only and excluded). */
export type TextPrefixEmbeddingConfig = z.output<typeof TextPrefixEmbeddingConfigSchema>;

/**
 * h₀ = W_e[ids] + W_p[0..L′): token rows plus the first L′ position rows, for ids [N, L′] → [N, L′, d].
 * A pure function of its tables (for gradient checks and for callers holding their own parameters); the
 * token lookup uses `embedding` from `@flopmatch/nn`, whose gradient works on every backend.
 */
export function prefixEmbedding(
  tokenTable: tf.Tensor2D,
  positionTable: tf.Tensor2D,
  ids: tf.Tensor2D,
): tf.Tensor3D {
  if (ids.rank !== 2) {
    throw new ShapeError(
      'prefixEmbedding',
      `ids must be [N, L], got [${ids.shape}]`,
      'encode prompts with encodeFixed and stack them',
    );
  }
  const [n, l] = ids.shape;
  const [maxLength, dim] = positionTable.shape;
  if (l > maxLength) {
    throw new ShapeError(
      'prefixEmbedding',
      `prompts of ${l} tokens exceed the ${maxLength} learned positions`,
      `encode prompts with encodeFixed(text, ${maxLength}), or build the embedding with length ≥ ${l}`,
    );
  }
  if (tokenTable.shape[1] !== dim) {
    throw new ShapeError(
      'prefixEmbedding',
      `token table width ${tokenTable.shape[1]} differs from position table width ${dim}`,
    );
  }
  return tf.tidy(() => {
    const tokens = embedding(tokenTable, ids) as tf.Tensor3D; // [N, L′, d]
    const positions = l === maxLength ? positionTable : tf.slice(positionTable, [0, 0], [l, dim]); // [L′, d]
    return tf.reshape(tf.add(tokens, positions), [n, l, dim]) as tf.Tensor3D; // eq. (2): U·W_e + W_p, broadcast over N
  });
}

/**
 * Learned token + position embedding of the prompt prefix. Parameters: `token.weight` [V, d] and
 * `position` [L, d], both excluded from weight decay. Ids must come from a tokenizer with the same
 * `vocabSize` (ids are not range-checked here: that would cost a device sync per step).
 *
 * @example
 * const prefix = new TextPrefixEmbedding({ vocabSize: tokenizer.vocabSize, length: 16, dim: 256, rng });
 * const ids = tf.tensor2d([tokenizer.encodeFixed('a red circle', 16).ids], undefined, 'int32');
 * prefix.forward(ids); // [1, 16, 256]
 */
export class TextPrefixEmbedding extends Module {
  /** Frozen, serialisable config (`type`, `version`, `vocabSize`, `length`, `dim`, `std`); `fromConfig` rebuilds it. */
  readonly config: TextPrefixEmbeddingConfig;
  /** W_e: the token table, as an `Embedding` registered as `token`. */
  readonly token: Embedding;
  /** W_p [L, d]: one learned vector per prompt position. */
  readonly position: tf.Variable;

  constructor(options: TextPrefixEmbeddingOptions) {
    super();
    const { rng, ...fields } = options;
    this.config = parseConfig(
      TextPrefixEmbeddingConfigSchema,
      { type: 'text:prefix-embedding', version: 1, ...fields },
      'TextPrefixEmbedding options',
    );
    const { vocabSize, length, dim, std } = this.config;
    this.token = this.module('token', new Embedding(vocabSize, dim, { rng: rng.split('token'), std }));
    this.position = this.param('position', normalInit([length, dim], std, rng.split('position')), {
      decay: false,
    });
  }

  /** Rebuilds the module described by `config` (e.g. read from a run's manifest), with fresh tables from `rng`. */
  static fromConfig(config: unknown, rng: RandomSource): TextPrefixEmbedding {
    const c = parseConfig(TextPrefixEmbeddingConfigSchema, config, 'TextPrefixEmbedding config');
    return new TextPrefixEmbedding({ vocabSize: c.vocabSize, length: c.length, dim: c.dim, std: c.std, rng });
  }

  /** ids [N, L′] (int32, L′ ≤ length) → [N, L′, d]. */
  forward(ids: tf.Tensor2D): tf.Tensor3D {
    return prefixEmbedding(this.token.weight as tf.Tensor2D, this.position as tf.Tensor2D, ids);
  }
}
