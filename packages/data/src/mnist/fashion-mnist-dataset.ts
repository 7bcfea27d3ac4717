/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, arXiv:1708.07747) from Debian's `dataset-fashion-mnist`,
 * which installs gzipped IDX files in /usr/share/datasets/fashion-mnist/.
 */
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';
import { type IdxImageDataset, idxImageConfigFields, openIdxImageDataset } from './idx-image-dataset.js';

/** Where Debian's package installs the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Class names, index = label (the data set's own order). */
export const FASHION_NAMES = [
  't-shirt',
  'trouser',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'ankle boot',
] as const;

const PHRASES = [
  'a t-shirt',
  'a pair of trousers',
  'a pullover',
  'a dress',
  'a coat',
  'a sandal',
  'a shirt',
  'a sneaker',
  'a bag',
  'an ankle boot',
];

/** The caption of a Fashion-MNIST label: "a photo of an ankle boot". */
export function fashionCaption(label: number): string {
  return `a photo of ${PHRASES[label]}`;
}

/** The zod schema of the `fashion-mnist` config. */
export const FashionMnistConfigSchema = z.strictObject({
  type: z.literal('fashion-mnist').default('fashion-mnist'),
  version: z.literal(1).default(1),
  ...idxImageConfigFields,
});
/** Input of the `fashion-mnist` config (all fields optional). */
export type FashionMnistConfigInput = z.input<typeof FashionMnistConfigSchema>;

const INSTALL_FIX = `apt-get install dataset-fashion-mnist (installs ${FASHION_MNIST_DIR}), or set dir to a folder holding the IDX files`;

/**
 * Loads Fashion-MNIST; without the Debian package it throws `DatasetUnavailableError` saying
 * `apt-get install dataset-fashion-mnist`.
 *
 * @example
 * const fashion = createFashionMnistDataset({ split: 'train', resolution: 32 });
 */
export function createFashionMnistDataset(input: FashionMnistConfigInput = {}): IdxImageDataset {
  const config = parseConfig(FashionMnistConfigSchema, input, 'fashion-mnist dataset config');
  return openIdxImageDataset(config, {
    id: 'dataset:fashion-mnist',
    dir: config.dir ?? FASHION_MNIST_DIR,
    installFix: INSTALL_FIX,
    names: FASHION_NAMES,
    captionOf: fashionCaption,
  });
}
