/**
 * The config of one `train-ae` run: codec family, seed, the shared encoder/decoder, the bottleneck, the
 * training config, data and budget. Presets are values of this schema; a run merges preset < config file <
 * `--path=value` flags (core's `loadRunConfig`) and saves the result in every checkpoint and the codec's
 * manifest.
 */
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';
import { ConvAutoencoderConfigSchema } from '../network/conv-autoencoder-config.js';
import { AeTrainConfigSchema } from './ae-train-config.js';

/** The zod schema of `AeRunConfig`. */
export const AeRunConfigSchema = z.strictObject({
  /** Codec family: `vq`, `lfq`, `fsq`, `vae` (whatever families the app registered). */
  codec: z.string().min(1),
  /** Seed of initialisation and of the run's random stream. Default 0. */
  seed: z.union([z.number().int(), z.string()]).default(0),
  /** The shared encoder/decoder (`parseConvAutoencoderConfig` fills and checks it). */
  autoencoder: ConvAutoencoderConfigSchema.prefault({}),
  /** The bottleneck's config; the family validates it (its fields differ per family). */
  bottleneck: z.record(z.string(), z.unknown()).default({}),
  /** Optimiser, schedule, losses, statistics. */
  train: AeTrainConfigSchema.prefault({}),
  /** Data: a dataset id and the configs of its training and held-out splits. */
  data: z
    .strictObject({
      /** Dataset name (`shapes`, `mnist`, …). Default `shapes`. */
      dataset: z.string().default('shapes'),
      /** Config of the training split. Default `{ split: 'train' }`. */
      train: z.record(z.string(), z.unknown()).default({ split: 'train' }),
      /** Config of the held-out split (statistics, report). Default `{ split: 'test' }`. */
      heldout: z.record(z.string(), z.unknown()).default({ split: 'test' }),
      /** Distinct training images (the loader's `subset`). Default: all. */
      subset: z.number().int().positive().optional(),
      /** Seed of the loader's shuffles. Default 0. */
      seed: z.number().int().default(0),
    })
    .prefault({}),
  /** Optimiser steps (the run's budget). Default 2000. */
  steps: z.number().int().positive().default(2000),
  /** Checkpoint every this many steps. Default 250. */
  checkpointEvery: z.number().int().positive().default(250),
  /** Storage precision of the saved codec's float weights (`float16` halves the file). Default `float32`. */
  codecDtype: z.enum(['float32', 'float16']).default('float32'),
  /** Held-out images in the final reconstruction report. Default 1000. */
  reportImages: z.number().int().positive().default(1000),
});

/** A `train-ae` run config (parsed). */
export type AeRunConfig = z.output<typeof AeRunConfigSchema>;

/** What a preset or config file may write. */
export type AeRunConfigInput = z.input<typeof AeRunConfigSchema>;

/** Validates and fills defaults; errors name the field and the fix. */
export function parseAeRunConfig(value: unknown, source = 'train-ae config'): AeRunConfig {
  return parseConfig(AeRunConfigSchema, value, source);
}
