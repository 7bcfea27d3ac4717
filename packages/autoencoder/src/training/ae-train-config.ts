/**
 * Config of autoencoder training: optimiser, schedule, loss weights, the optional GAN and perceptual terms,
 * and how often codebook statistics are measured. Frozen, serialisable data validated by zod.
 */
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';

const weight = z.number().min(0);

/** The zod schema of `AeTrainConfig` (every field optional on input; defaults filled). */
export const AeTrainConfigSchema = z.strictObject({
  /** Images per step. Default 16. */
  batchSize: z.number().int().positive().default(16),
  /** Peak learning rate of AdamW. Default 2e-3 (small conv nets on `shapes` tolerate it; taming uses 4.5e-6·batch). */
  lr: z.number().positive().default(2e-3),
  /** Linear warmup steps. Default 50. */
  warmupSteps: z.number().int().min(0).default(50),
  /**
   * `cosine`: after warmup, decay to `lr · minLrRatio` at the step budget (constant when the run has only a
   * FLOP budget); `constant`: keep `lr`. Default `cosine`.
   */
  schedule: z.enum(['cosine', 'constant']).default('cosine'),
  /** Final learning rate as a fraction of `lr`. Default 0.05. */
  minLrRatio: z.number().min(0).max(1).default(0.05),
  /** AdamW β₁. Default 0.9. */
  beta1: z.number().min(0).lt(1).default(0.9),
  /** AdamW β₂. Default 0.99 (short runs; 0.999 is Adam's default). */
  beta2: z.number().min(0).lt(1).default(0.99),
  /** Decoupled weight decay (not applied to biases, norms, codebooks). Default 0. */
  weightDecay: z.number().min(0).default(0),
  /** Clip the global gradient norm to this value; 0 disables. Default 1. */
  gradClip: z.number().min(0).default(1),
  /** Loss weights. */
  loss: z
    .strictObject({
      /** Weight of mean |x − x̂|. Default 1. */
      l1: weight.default(1),
      /** Weight of mean (x − x̂)². Default 1. */
      l2: weight.default(1),
      /** Weight of the random-conv perceptual loss (not the FD network). Default 0 (off). */
      perceptual: weight.default(0),
    })
    .prefault({}),
  /** Optional patch-GAN with the adaptive weight of arXiv:2012.09841 eq. (7). */
  gan: z
    .strictObject({
      /** Weight w of the adaptively weighted generator loss (total = … + w·λ·L_G). Default 0 (off). */
      weight: weight.default(0),
      /** Step at which the GAN terms switch on (VQGAN starts them late). Default 0. */
      start: z.number().int().min(0).default(0),
      /** Use the adaptive λ of eq. (7); false uses λ = 1. Default true. */
      adaptive: z.boolean().default(true),
      /** Discriminator learning rate. Default: the autoencoder's `lr`. */
      lr: z.number().positive().optional(),
      /** Width of the discriminator's first layer. Default 32. */
      width: z.number().int().positive().default(32),
      /** Stride-2 layers of the discriminator. Default 2. */
      layers: z.number().int().min(1).max(4).default(2),
    })
    .prefault({}),
  /** Measure held-out PSNR, codebook usage and perplexity every this many steps (0: never). Default 100. */
  statsEvery: z.number().int().min(0).default(100),
  /** Held-out images those statistics use. Default 256. */
  statsImages: z.number().int().positive().default(256),
});

/** Autoencoder training config (parsed). */
export type AeTrainConfig = z.output<typeof AeTrainConfigSchema>;

/** What a caller may write. */
export type AeTrainConfigInput = z.input<typeof AeTrainConfigSchema>;

/** Validates and fills defaults; errors name the field (`loss.l1`, `gan.start`) and the fix. */
export function parseAeTrainConfig(
  value: unknown = {},
  source = 'autoencoder training config',
): AeTrainConfig {
  return parseConfig(AeTrainConfigSchema, value, source);
}
