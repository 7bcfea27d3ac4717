/**
 * Training batches from a `LatentDataset` (the latent cache): a seeded shuffle per epoch, a serialisable
 * position so a resumed run draws exactly the batches an uninterrupted one would, and `LatentBatch`es whose
 * conditioning ids come from a `PromptTokenizer`.
 *
 * Shuffle: the Fisher–Yates shuffle in Durstenfeld's in-place form (R. Durstenfeld, "Algorithm 235: Random
 * permutation", CACM 7(7), 1964). Epoch e is shuffled by `rng.split('epoch/<e>')`, so its order depends only
 * on the source's seed and e. Batches run across epoch boundaries: every batch has `batchSize` examples and
 * no example is skipped.
 */
import type { LatentBatch, LatentDataset, PromptTokenizer, RandomSource } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { TrainerError } from './errors.js';

/** Where a batcher is: the epoch, and how many examples of that epoch it has served. JSON; save it. */
export interface DataPosition {
  epoch: number;
  index: number;
}

/** Options of `LatentBatcher`. */
export interface LatentBatcherOptions {
  /** Examples per batch. */
  batchSize: number;
  /** Prompt length L in tokens: captions are encoded with `tokenizer.encodeFixed(caption, L)`. */
  promptLength: number;
  /** Source of the shuffles (epoch e uses `rng.split('epoch/<e>')`). */
  rng: RandomSource;
  /** Start here (a position saved in a checkpoint). Default `{ epoch: 0, index: 0 }`. */
  position?: DataPosition;
}

/** One drawn batch with where it came from. */
export interface DrawnBatch {
  /** Latents or ids with conditioning (every row a real prompt: conditioning dropout is the objective's job). */
  batch: LatentBatch;
  /** Dataset indices of the rows, in order. */
  indices: number[];
  /** Captions cut to fit `promptLength` (truncation is reported, never silent). */
  truncatedPrompts: number;
}

/** Disposes the tensors of a `LatentBatch`. */
export function disposeLatentBatch(batch: LatentBatch): void {
  tf.dispose([batch.kind === 'continuous' ? batch.latents : batch.ids, batch.cond.ids]);
}

/**
 * Seeded, resumable batches of a latent dataset.
 *
 * @example
 * const batcher = new LatentBatcher(latents, tokenizer, { batchSize: 64, promptLength: 16, rng: rng.split('data') });
 * const { batch } = batcher.next();          // { kind: 'discrete', ids: [64, h, w], cond: { ids: [64, 16] } }
 * const saved = batcher.position();          // later: new LatentBatcher(…, { …, position: saved })
 */
export class LatentBatcher {
  readonly batchSize: number;
  readonly promptLength: number;
  readonly #data: LatentDataset;
  readonly #tokenizer: PromptTokenizer;
  readonly #rng: RandomSource;
  #epoch = 0;
  #index = 0;
  #order: { epoch: number; permutation: Int32Array } | undefined;

  constructor(data: LatentDataset, tokenizer: PromptTokenizer, options: LatentBatcherOptions) {
    const { batchSize, promptLength } = options;
    if (!(Number.isInteger(batchSize) && batchSize > 0))
      throw new TrainerError(`batchSize = ${batchSize} is invalid`, 'use a positive integer');
    if (!(Number.isInteger(promptLength) && promptLength > 0))
      throw new TrainerError(`promptLength = ${promptLength} is invalid`, 'use a positive integer');
    if (!(Number.isInteger(data.size) && data.size > 0))
      throw new TrainerError(`the latent dataset has size ${data.size}`, 'encode a non-empty dataset first');
    this.batchSize = batchSize;
    this.promptLength = promptLength;
    this.#data = data;
    this.#tokenizer = tokenizer;
    this.#rng = options.rng;
    if (options.position) this.seek(options.position);
  }

  /** The current position (JSON). */
  position(): DataPosition {
    return { epoch: this.#epoch, index: this.#index };
  }

  /** Moves to `position` (from `position()`); throws naming the field when it is out of range. */
  seek(position: DataPosition): void {
    const { epoch, index } = position ?? ({} as DataPosition);
    if (
      !(
        Number.isInteger(epoch) &&
        epoch >= 0 &&
        Number.isInteger(index) &&
        index >= 0 &&
        index < this.#data.size
      )
    ) {
      throw new TrainerError(
        `data position ${JSON.stringify(position)} is invalid for a dataset of ${this.#data.size} examples`,
        'resume with the dataset the run was started with',
      );
    }
    this.#epoch = epoch;
    this.#index = index;
  }

  /** The order of epoch `epoch`: a permutation of [0, size). */
  epochOrder(epoch: number): Int32Array {
    if (this.#order?.epoch === epoch) return this.#order.permutation;
    const n = this.#data.size;
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    const rng = this.#rng.split(`epoch/${epoch}`);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1); // uniform in [0, i]
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    this.#order = { epoch, permutation: p };
    return p;
  }

  /** Dataset indices of the next batch; advances the position. */
  nextIndices(): number[] {
    const out: number[] = [];
    while (out.length < this.batchSize) {
      out.push(this.epochOrder(this.#epoch)[this.#index]!);
      this.#index += 1;
      if (this.#index === this.#data.size) {
        this.#epoch += 1;
        this.#index = 0;
      }
    }
    return out;
  }

  /** The next batch as tensors (the caller disposes them with `disposeLatentBatch`). */
  next(): DrawnBatch {
    return this.batchOf(this.nextIndices());
  }

  /** A batch of the given dataset indices. */
  batchOf(indices: number[]): DrawnBatch {
    const data = this.#data;
    const { height: h, width: w, channels: c } = data.latentShape;
    const per = data.kind === 'continuous' ? h * w * c : h * w;
    const n = indices.length;
    const L = this.promptLength;
    const values = data.kind === 'continuous' ? new Float32Array(n * per) : new Int32Array(n * per);
    const ids = new Int32Array(n * L);
    let truncatedPrompts = 0;
    indices.forEach((index, row) => {
      const sample = data.get(index);
      const latent = sample.latent;
      const wanted = data.kind === 'continuous' ? Float32Array : Int32Array;
      if (!(latent instanceof wanted) || latent.length !== per) {
        throw new TrainerError(
          `latent dataset example ${index} holds ${latent.constructor.name}(${latent.length}); a ${data.kind} dataset of shape ${h}×${w}×${c} needs ${wanted.name}(${per})`,
          'rebuild the latent cache with the codec the dataset declares',
        );
      }
      values.set(latent, row * per);
      const enc = this.#tokenizer.encodeFixed(sample.caption, L);
      if (enc.ids.length !== L) {
        throw new TrainerError(
          `tokenizer.encodeFixed returned ${enc.ids.length} ids for length ${L}`,
          'use a PromptTokenizer that pads or truncates to exactly the length asked',
        );
      }
      if (enc.truncated) truncatedPrompts += 1;
      ids.set(enc.ids, row * L);
    });
    const cond = { ids: tf.tensor2d(ids, [n, L], 'int32'), isNull: indices.map(() => false) };
    const batch: LatentBatch =
      data.kind === 'continuous'
        ? { kind: 'continuous', latents: tf.tensor4d(values, [n, h, w, c], 'float32'), cond }
        : { kind: 'discrete', ids: tf.tensor3d(values, [n, h, w], 'int32'), cond };
    return { batch, indices, truncatedPrompts };
  }
}
