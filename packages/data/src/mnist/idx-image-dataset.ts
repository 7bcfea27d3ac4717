/**
 * What MNIST and Fashion-MNIST share: a pair of IDX files (images [n, 28, 28] uint8, labels [n] uint8),
 * optional padding to 32 × 32 and grey → RGB, and captions from labels.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type DataSample, type Dataset, FileFormatError, type ImageShape } from '@flopmatch/core';
import { z } from 'zod';
import { checkIndex } from '../dataset/check-index.js';
import { DatasetUnavailableError } from '../dataset/dataset-errors.js';
import { readIdx } from '../idx/idx.js';

/** Config fields shared by `mnist` and `fashion-mnist` (each field optional on input). */
export const idxImageConfigFields = {
  /** `train` (60 000 images) or `test` (10 000). Default `train`. */
  split: z.enum(['train', 'test']).default('train'),
  /** 28 (native) or 32 (padded with 2 black pixels on every side, a size divisible by 8 and 16). Default 28. */
  resolution: z.union([z.literal(28), z.literal(32)]).default(28),
  /** 1 (grey) or 3 (the grey value repeated into RGB, for RGB models). Default 1. */
  channels: z.union([z.literal(1), z.literal(3)]).default(1),
  /** Folder with the IDX files (plain or `.gz`); default the data set's install location. */
  dir: z.string().min(1).optional(),
};

/** `meta` of an MNIST-style sample. */
export interface LabelMeta {
  /** Class index 0–9. */
  label: number;
  /** Class name (`seven`, `ankle boot`). */
  name: string;
}

/** IDX file base names of each split (the `.gz` variant is tried too). */
export const IDX_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/** Finds `base` or `base.gz` in `dir`, or throws `DatasetUnavailableError` with `fix`. */
export function findIdxFile(dataset: string, dir: string, base: string, fix: string): string {
  for (const name of [base, `${base}.gz`]) if (existsSync(join(dir, name))) return join(dir, name);
  throw new DatasetUnavailableError(dataset, `neither ${base} nor ${base}.gz is in ${dir}`, fix);
}

/** Images and labels of one split, validated against each other. */
export interface LabelledImages {
  count: number;
  height: number;
  width: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Reads and cross-checks an images file and a labels file (uint8, [n, h, w] and [n], labels < `classes`). */
export function readLabelledImages(imagesPath: string, labelsPath: string, classes: number): LabelledImages {
  const images = readIdx(imagesPath);
  const labels = readIdx(labelsPath);
  if (images.type !== 'uint8' || images.dims.length !== 3) {
    throw new FileFormatError(
      imagesPath,
      `expected uint8 images [n, height, width], found ${images.type} [${images.dims.join(', ')}]`,
      'point to an idx3-ubyte images file',
    );
  }
  if (labels.type !== 'uint8' || labels.dims.length !== 1) {
    throw new FileFormatError(
      labelsPath,
      `expected uint8 labels [n], found ${labels.type} [${labels.dims.join(', ')}]`,
      'point to an idx1-ubyte labels file',
    );
  }
  const [count, height, width] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) {
    throw new FileFormatError(
      labelsPath,
      `${labels.dims[0]} labels for ${count} images in ${imagesPath}`,
      'use the labels file of the same split',
    );
  }
  const bad = (labels.data as Uint8Array).findIndex((l) => l >= classes);
  if (bad >= 0)
    throw new FileFormatError(
      labelsPath,
      `label ${labels.data[bad]} at index ${bad} is not below ${classes}`,
      'use the labels file of this data set',
    );
  return { count, height, width, pixels: images.data as Uint8Array, labels: labels.data as Uint8Array };
}

/** A validated config of an MNIST-style dataset. */
export type IdxImageConfig = {
  readonly type: string;
  readonly version: number;
  readonly split: 'train' | 'test';
  readonly resolution: 28 | 32;
  readonly channels: 1 | 3;
  readonly dir?: string | undefined;
};

/** A random-access MNIST-style dataset over decoded IDX arrays. */
export class IdxImageDataset implements Dataset {
  readonly specVersion = 'v1' as const;
  readonly size: number;
  readonly imageShape: ImageShape;

  constructor(
    readonly id: string,
    readonly config: IdxImageConfig,
    private readonly source: LabelledImages,
    private readonly names: readonly string[],
    private readonly captionOf: (label: number) => string,
  ) {
    this.size = source.count;
    this.imageShape = Object.freeze({
      height: config.resolution,
      width: config.resolution,
      channels: config.channels,
    });
  }

  get(index: number): DataSample & { meta: LabelMeta } {
    checkIndex(this.id, index, this.size);
    const { height: h, width: w, pixels } = this.source;
    const { resolution: res, channels } = this.config;
    const offY = Math.floor((res - h) / 2);
    const offX = Math.floor((res - w) / 2);
    const image = new Float32Array(res * res * channels).fill(-1);
    const base = index * h * w;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = pixels[base + y * w + x]! / 127.5 - 1;
        const p = ((y + offY) * res + x + offX) * channels;
        for (let c = 0; c < channels; c++) image[p + c] = v;
      }
    }
    const label = this.source.labels[index]!;
    return { image, caption: this.captionOf(label), meta: { label, name: this.names[label]! } };
  }
}

/** What differs between MNIST-style data sets: where the files are and how labels read. */
export interface IdxImageSource {
  /** Dataset id, `dataset:<name>`, used in errors and as `Dataset.id`. */
  id: string;
  /** Folder holding the split's IDX files (plain or `.gz`). */
  dir: string;
  /** The `fix:` of the `DatasetUnavailableError` thrown when a file is missing. */
  installFix: string;
  /** Class names, index = label; their count is the number of classes labels are checked against. */
  names: readonly string[];
  /** The caption of a label. */
  captionOf: (label: number) => string;
}

/**
 * Finds the split's images and labels files in `source.dir`, reads and cross-checks them, and wraps them
 * as an `IdxImageDataset` (the one loader behind `createMnistDataset` and `createFashionMnistDataset`).
 */
export function openIdxImageDataset(config: IdxImageConfig, source: IdxImageSource): IdxImageDataset {
  const files = IDX_FILES[config.split];
  const images = findIdxFile(source.id, source.dir, files.images, source.installFix);
  const labels = findIdxFile(source.id, source.dir, files.labels, source.installFix);
  return new IdxImageDataset(
    source.id,
    config,
    readLabelledImages(images, labels, source.names.length),
    source.names,
    source.captionOf,
  );
}
