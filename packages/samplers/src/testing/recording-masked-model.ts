/**
 * A `MaskedTokenModel` test double that records every call's input ids, so tests can check what a
 * MaskGIT sampler fed it (mask counts per iteration, no re-masking). Its logits are a fixed table per
 * position plus a bias per prompt class: logits[b, t, v] = table[t, v] + bias[class_b, v].
 */
import type { Conditioning, FlopCount, LatentShape, MaskedTokenModel } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { classConditioning, hashTable, lazy, nullConditioning } from './class-conditioning.js';

/** Options of `createRecordingMaskedModel`. */
export interface RecordingMaskedModelOptions {
  /** Latent grid (channels 1); default 4×4×1. */
  latentShape?: LatentShape;
  /** Codebook size V; default 8. The mask id is V. */
  codebookSize?: number;
  /** Prompt classes; default `['a red circle', 'a blue square']`. */
  classes?: string[];
  /** Seed of the logit tables; default 1. */
  seed?: number;
  /** Spread of the logits (uniform in ±scale); default 3. */
  scale?: number;
  /** Ledger price of one row of `logits`. Default `{ model: 5000, executed: 6000 }`. */
  flopsPerRow?: FlopCount;
}

/** One recorded call: ids row by row and which rows were null prompts. */
export interface RecordedMaskedCall {
  ids: number[][];
  isNull: boolean[];
}

/** The double and its record. */
export interface RecordingMaskedModel extends MaskedTokenModel {
  readonly calls: RecordedMaskedCall[];
  /** Logits the double gives row `class` (0 = null) at position `t`, as plain numbers (float32-rounded). */
  logitsAt(classIndex: number, t: number): number[];
  dispose(): void;
}

/**
 * Builds the recording masked-token double.
 *
 * @example
 * const model = createRecordingMaskedModel();
 * await new MaskGitSampler({ iterations: 4 }).sample({ model, codec, prompts: ['a red circle'], n: 1, seed: 0 });
 * model.calls.map((c) => c.ids[0].filter((id) => id === model.maskId).length); // [16, 14, 11, 6]
 */
export function createRecordingMaskedModel(options: RecordingMaskedModelOptions = {}): RecordingMaskedModel {
  const latentShape = options.latentShape ?? { height: 4, width: 4, channels: 1 };
  const vocab = options.codebookSize ?? 8;
  const classes = options.classes ?? ['a red circle', 'a blue square'];
  const scale = options.scale ?? 3;
  const perRow = options.flopsPerRow ?? { model: 5000, executed: 6000 };
  const tokens = latentShape.height * latentShape.width;
  const tableData = hashTable(tokens * vocab, options.seed ?? 1, scale);
  const biasData = hashTable((classes.length + 1) * vocab, (options.seed ?? 1) + 1000, scale);
  const tensors = lazy(() => ({
    table: tf.keep(tf.tensor2d(tableData, [tokens, vocab])),
    bias: tf.keep(tf.tensor2d(biasData, [classes.length + 1, vocab])),
  }));
  const calls: RecordedMaskedCall[] = [];
  return {
    specVersion: 'v1',
    kind: 'masked',
    latentShape,
    codebookSize: vocab,
    maskId: vocab,
    calls,
    condition: (prompts) => classConditioning(prompts, classes),
    nullCondition: (n) => nullConditioning(n),
    logits(ids: tf.Tensor2D, cond: Conditioning): tf.Tensor3D {
      const values = ids.arraySync();
      calls.push({ ids: values.map((r) => [...r]), isNull: [...cond.isNull] });
      return tf.tidy(() => {
        const n = ids.shape[0];
        const { table, bias } = tensors.get();
        const rowBias = tf.gather(bias, tf.reshape(cond.ids, [n])); // [n, V]
        return tf.add(tf.expandDims(table, 0), tf.expandDims(rowBias, 1)) as tf.Tensor3D; // [n, T, V]
      });
    },
    callFlops: (n) => ({ model: perRow.model * n, executed: perRow.executed * n }),
    logitsAt: (classIndex, t) =>
      Array.from({ length: vocab }, (_, v) =>
        Math.fround(tableData[t * vocab + v]! + biasData[classIndex * vocab + v]!),
      ),
    dispose: () => tensors.dispose(({ table, bias }) => tf.dispose([table, bias])),
  };
}
