/**
 * The manifest of a checkpoint directory (`<root>/step-<n>/manifest.json`): what was saved, at which step
 * and FLOP count, with which config, RNG state and data position, and a sha256 per file so a corrupt or
 * swapped file is caught on load.
 */
import { z } from 'zod';

/** Value of `manifest.format`. */
export const CHECKPOINT_FORMAT = 'flopmatch-checkpoint';
/** Value of `manifest.version` this package writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** zod schema of `manifest.json`. */
export const CheckpointManifestSchema = z
  .object({
    format: z.literal(CHECKPOINT_FORMAT),
    version: z.literal(CHECKPOINT_VERSION),
    /** The run's merged config (any JSON). */
    config: z.json(),
    /** Optimiser steps completed. */
    step: z.number().int().nonnegative(),
    /** FLOPs spent so far (model = what budgets are charged in; executed = what kernels ran). */
    flops: z.object({ model: z.number().nonnegative(), executed: z.number().nonnegative() }),
    /** State of the run's random source, or null where there is none. */
    rng: z
      .object({ algorithm: z.string(), seed: z.string(), words: z.array(z.number().int().nonnegative()) })
      .nullable(),
    /** Data position (e.g. `{ epoch, index }`), any JSON. */
    data: z.json(),
    /** Caller-specific JSON state (optimizer step counters, schedule state …). */
    state: z.json().optional(),
    /** ISO 8601 time of saving. */
    created: z.string(),
    /** Every file of the checkpoint (besides the manifest) with its sha256 and size. */
    files: z.record(
      z.string(),
      z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() }),
    ),
  })
  .strict();

/** Parsed `manifest.json`. */
export type CheckpointManifest = z.infer<typeof CheckpointManifestSchema>;
