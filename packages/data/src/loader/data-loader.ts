/**
 * The data loader: a seeded shuffle per epoch, batches as `ImageBatch`es, and a serialisable position
 * `{ epoch, index }` (samples of the epoch already served). The order of epoch e depends only on the seed
 * and e, and dataset access is by index, so a loader rebuilt from a saved position serves exactly the
 * batches the original would have served next.
 *
 * Data scale (Kilian, Jampani & Zettlemoyer, "Computational Tradeoffs in Image Synthesis: Diffusion,
 * Masked-Token, and Next-Token Prediction", arXiv:2405.13218, trains every objective at several dataset
 * sizes): `subset: n` restricts training to n distinct images, chosen by a fixed seeded permutation of
 * the whole dataset (independent of the epoch), so subsets are nested: subset 1 000 ⊂ subset 10 000.
 */
import {
  type Dataset,
  FlopmatchError,
  type ImageBatch,
  parseConfig,
  type RandomSource,
  Rng,
} from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { FEISTEL_ROUNDS, feistelPermutation, type IndexPermutation } from './feistel-permutation.js';

/** Where a loader is: epoch number and samples of that epoch already served. Save it in checkpoints. */
export interface DataPosition {
  epoch: number;
  index: number;
}

/** The zod schema of the loader's serialisable options. */
export const LoaderConfigSchema = z.strictObject({
  type: z.literal('loader').default('loader'),
  version: z.literal(1).default(1),
  /** Samples per batch (required). */
  batchSize: z.number().int().positive(),
  /** Seed of the shuffles and of the subset choice. Default 0. Ignored for order when `rng` is passed. */
  seed: z.number().int().default(0),
  /** Shuffle every epoch (otherwise dataset order). Default true. */
  shuffle: z.boolean().default(true),
  /** Number of distinct training images (the paper's data-scale axis); default all of the dataset. */
  subset: z.number().int().positive().optional(),
  /** Skip an epoch's last incomplete batch (all batches have `batchSize`). Default true. */
  dropLast: z.boolean().default(true),
});

/** Options of `DataLoader`. */
export interface LoaderOptions extends z.input<typeof LoaderConfigSchema> {
  /**
   * Random source for the shuffles (runtime-only, not saved in `config`): round keys come from
   * `rng.split('loader/subset')` and `rng.split('loader/epoch/<e>')`, so they depend only on the source's
   * seed. Default: core's `Rng` seeded with `loader/<seed>`.
   */
  rng?: RandomSource;
  /** Start here instead of { epoch: 0, index: 0 } (resume from a checkpoint). */
  position?: DataPosition;
}

function roundKeys(source: RandomSource): number[] {
  return Array.from({ length: FEISTEL_ROUNDS }, () => Math.floor(source.uniform() * 2 ** 32));
}

/**
 * @example
 * const loader = new DataLoader(new ShapesDataset(), { batchSize: 64, seed: 1, subset: 10_000 });
 * const batch = loader.next(); // { images: [64, 32, 32, 3], captions, meta }
 * checkpoint.data = loader.position(); // later: new DataLoader(dataset, { ...same options, position })
 */
export class DataLoader {
  readonly config: Readonly<z.output<typeof LoaderConfigSchema>>;
  /** Samples in one epoch (`subset` or the dataset size). */
  readonly epochLength: number;
  /** Batches served per epoch. */
  readonly batchesPerEpoch: number;
  private epoch: number;
  private index: number;
  private readonly source: RandomSource;
  private readonly subsetPermutation: IndexPermutation | undefined;
  private cached: { epoch: number; permutation: IndexPermutation } | undefined;

  constructor(
    readonly dataset: Dataset,
    options: LoaderOptions,
  ) {
    const { rng, position, ...rest } = options;
    this.config = parseConfig(LoaderConfigSchema, rest, 'loader options');
    const { batchSize, subset, dropLast, seed } = this.config;
    if (subset !== undefined && subset > dataset.size) {
      throw new FlopmatchError(
        'E_CONFIG',
        `loader subset ${subset} exceeds ${dataset.id}'s ${dataset.size} samples`,
        `use subset ≤ ${dataset.size}`,
      );
    }
    this.epochLength = subset ?? dataset.size;
    if (dropLast && this.epochLength < batchSize) {
      throw new FlopmatchError(
        'E_CONFIG',
        `an epoch of ${this.epochLength} samples holds no full batch of ${batchSize}`,
        'lower batchSize, raise subset, or set dropLast: false',
      );
    }
    this.batchesPerEpoch = dropLast
      ? Math.floor(this.epochLength / batchSize)
      : Math.ceil(this.epochLength / batchSize);
    this.source = rng ?? new Rng(`loader/${seed}`);
    this.subsetPermutation =
      subset === undefined
        ? undefined
        : feistelPermutation(dataset.size, roundKeys(this.source.split('loader/subset')));
    const start = parseConfig(
      z.strictObject({
        epoch: z.number().int().min(0),
        index: z.number().int().min(0).max(this.epochLength),
      }),
      position ?? { epoch: 0, index: 0 },
      'loader position',
    );
    this.epoch = start.epoch;
    this.index = start.index;
  }

  /** The current position (a copy, safe to serialise). */
  position(): DataPosition {
    return { epoch: this.epoch, index: this.index };
  }

  /** Dataset index of the sample at `offset` of epoch `epoch`'s order. */
  indexAt(epoch: number, offset: number): number {
    let i = offset;
    if (this.config.shuffle) {
      if (this.cached?.epoch !== epoch) {
        const keys = roundKeys(this.source.split(`loader/epoch/${epoch}`));
        this.cached = { epoch, permutation: feistelPermutation(this.epochLength, keys) };
      }
      i = this.cached.permutation.at(offset);
    }
    return this.subsetPermutation ? this.subsetPermutation.at(i) : i;
  }

  /** Dataset indices of the next batch; advances the position (moving to the next epoch when needed). */
  nextIndices(): number[] {
    const { batchSize, dropLast } = this.config;
    const left = this.epochLength - this.index;
    if (left === 0 || (dropLast && left < batchSize)) {
      this.epoch++;
      this.index = 0;
    }
    const count = Math.min(batchSize, this.epochLength - this.index);
    const indices = Array.from({ length: count }, (_, k) => this.indexAt(this.epoch, this.index + k));
    this.index += count;
    return indices;
  }

  /** The next batch: images NHWC float32 in [-1, 1], captions and per-sample meta. */
  next(): ImageBatch {
    const indices = this.nextIndices();
    const { height, width, channels } = this.dataset.imageShape;
    const per = height * width * channels;
    const data = new Float32Array(indices.length * per);
    const captions: string[] = [];
    const meta: unknown[] = [];
    indices.forEach((index, k) => {
      const sample = this.dataset.get(index);
      if (sample.image.length !== per) {
        throw new FlopmatchError(
          'E_DATA_SHAPE',
          `${this.dataset.id} sample ${index} has ${sample.image.length} values, expected ${height}×${width}×${channels}`,
        );
      }
      data.set(sample.image, k * per);
      captions.push(sample.caption);
      meta.push(sample.meta);
    });
    return { images: tf.tensor4d(data, [indices.length, height, width, channels]), captions, meta };
  }

  /** Yields `count` batches (the caller disposes each batch's tensor). */
  *batches(count: number): Generator<ImageBatch> {
    for (let i = 0; i < count; i++) yield this.next();
  }
}
