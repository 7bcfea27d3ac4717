/**
 * A lookup table: integer ids → rows of a [vocab, dim] matrix.
 *
 * `tf.gather`'s registered gradient uses `UnsortedSegmentSum`, which the wasm backend lacks. Here the
 * forward is a gather and the backward scatters dy into the table with `tf.scatterND` (duplicate ids are
 * summed), which every backend has: O(tokens·dim) instead of the O(tokens·vocab·dim) of a one-hot matmul.
 */
import { parseConfig, type RandomSource } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { ShapeError } from './errors.js';
import { normalInit } from './init.js';
import { Module } from './module.js';

const gatherRows = tf.customGrad((tableArg, idsArg, save) => {
  const table = tableArg as tf.Tensor2D;
  const ids = idsArg as tf.Tensor1D;
  (save as tf.GradSaveFunc)([ids]);
  const [vocab, dim] = table.shape;
  return {
    value: tf.gather(table, ids), // [N, dim]
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sid] = saved as [tf.Tensor1D];
      const dTable = tf.scatterND(tf.reshape(sid, [-1, 1]), dy, [vocab, dim]); // Σ over equal ids
      return [dTable, tf.zeros(sid.shape)]; // ids have no gradient; tfjs wants it float32 even for int32 inputs
    },
  };
});

/**
 * Rows of `table` [vocab, dim] for `ids` (int32, any shape) → [...ids.shape, dim], with a gradient that
 * works on every backend.
 */
export function embedding(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  if (table.rank !== 2) throw new ShapeError('embedding', `table must be [vocab, dim], got [${table.shape}]`);
  if (ids.dtype !== 'int32')
    throw new ShapeError('embedding', `ids must be int32, got ${ids.dtype}`, 'tf.cast(ids, "int32")');
  return tf.tidy(() => {
    const flat = tf.reshape(ids, [-1]) as tf.Tensor1D; // [N]
    const rows = gatherRows(table, flat); // [N, dim]
    return tf.reshape(rows, [...ids.shape, table.shape[1]]); // [...ids, dim]
  });
}

/** Options of `Embedding`. */
export interface EmbeddingOptions {
  /** Source of the initial table. Required. */
  rng: RandomSource;
  /** Standard deviation of the N(0, std²) init. Default 0.02 (GPT-2). */
  std?: number;
}

const EmbeddingConfigSchema = z.strictObject({
  type: z.literal('nn:embedding'),
  version: z.literal(1),
  vocabSize: z.number().int().positive(),
  dim: z.number().int().positive(),
  std: z.number().nonnegative(),
});

/** The serialisable config of an `Embedding`. */
export type EmbeddingConfig = z.output<typeof EmbeddingConfigSchema>;

/**
 * A learned embedding table (excluded from weight decay).
 *
 * @example
 * const tok = new Embedding(512, 256, { rng });
 * tok.forward(tf.tensor2d([[1, 2, 3]], undefined, 'int32')); // [1, 3, 256]
 */
export class Embedding extends Module {
  readonly config: EmbeddingConfig;
  /** [vocab, dim] */
  readonly weight: tf.Variable;

  constructor(vocabSize: number, dim: number, options: EmbeddingOptions) {
    super();
    this.config = parseConfig(
      EmbeddingConfigSchema,
      { type: 'nn:embedding', version: 1, vocabSize, dim, std: options.std ?? 0.02 },
      'Embedding options',
    );
    this.weight = this.param('weight', normalInit([vocabSize, dim], this.config.std, options.rng), {
      decay: false,
    });
  }

  /** ids (int32, any shape, values in [0, vocab)) → [...ids.shape, dim]. */
  forward(ids: tf.Tensor): tf.Tensor {
    return embedding(this.weight as tf.Tensor2D, ids);
  }
}
