/**
 * The manifest of a latent cache directory (`manifest.json`): what the latents are (kind, dtype, grid,
 * codebook size), which codec made them (its weights' sha256 and config), from which dataset, and each
 * file's size and sha256.
 */
import { z } from 'zod';

/** Value of `manifest.format`. */
export const LATENT_CACHE_FORMAT = 'flopmatch-latent-cache';

/** Files of a latent cache. */
export const LATENT_CACHE_FILES = Object.freeze({
  /** Row-major latents, one row per sample: int32 ids [h·w] or float32 latents [h·w·c], little-endian. */
  latents: 'latents.bin',
  /** One JSON object per line: `{ "caption": …, "meta": … }`. */
  samples: 'samples.jsonl',
  /** Byte offsets of the lines of `samples.jsonl`: size + 1 little-endian float64 values. */
  index: 'samples.idx',
  manifest: 'manifest.json',
});

const fileEntry = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});

/** The zod schema of `manifest.json`. */
export const LatentCacheManifestSchema = z.strictObject({
  format: z.literal(LATENT_CACHE_FORMAT),
  version: z.literal(1),
  kind: z.enum(['discrete', 'continuous']),
  dtype: z.enum(['int32', 'float32']),
  latentShape: z.strictObject({
    height: z.number().int().positive(),
    width: z.number().int().positive(),
    channels: z.number().int().positive(),
  }),
  codebookSize: z.number().int().positive().optional(),
  /** Number of cached samples. */
  size: z.number().int().nonnegative(),
  /** sha256 of the weights of the codec that produced the latents. */
  codecHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The codec's id and config. */
  codec: z.strictObject({ id: z.string(), config: z.json() }),
  /** The continuous codec's scale factor (latents are stored already scaled). */
  scaleFactor: z.number().positive().optional(),
  /** `mean` or `sample` for continuous codecs (how latents were drawn). */
  mode: z.enum(['mean', 'sample']).optional(),
  /** Source dataset: its id, config and the index range encoded. */
  dataset: z.strictObject({ id: z.string(), config: z.json(), start: z.number().int().nonnegative() }),
  files: z.record(z.string(), fileEntry),
  created: z.string(),
});

/** Parsed `manifest.json` of a latent cache. */
export type LatentCacheManifest = z.output<typeof LatentCacheManifestSchema>;
