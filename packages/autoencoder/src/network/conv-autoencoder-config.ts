/**
 * Config of the shared convolutional encoder/decoder: frozen, serialisable data validated by zod. Every
 * codec (VQ, LFQ, FSQ, KL-VAE) uses the same network and differs only in its bottleneck, so codecs stay
 * controlled against each other (Kilian, Jampani, Zettlemoyer, "Computational Tradeoffs in Image
 * Synthesis", arXiv:2405.13218, the autoencoding setup: one architecture, only the latent space differs).
 */
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';

const size = z.number().int().positive();

/** The zod schema of `ConvAutoencoderConfig` (every field optional on input; defaults filled). */
export const ConvAutoencoderConfigSchema = z.strictObject({
  /** Component type, saved with the config. */
  type: z.literal('autoencoder:conv').default('autoencoder:conv'),
  /** Config format version. */
  version: z.literal(1).default(1),
  /** Input image: height × width × channels. Default 32 × 32 × 3 (the `shapes` demo). */
  image: z
    .strictObject({ height: size.default(32), width: size.default(32), channels: size.default(3) })
    .prefault({}),
  /**
   * Spatial downsampling factor f ∈ {2, 4, 8}: the latent grid is (H/f) × (W/f). Default 4 (32×32 images →
   * 8×8 = 64 latent positions, the demo default).
   */
  downsampleFactor: z.union([z.literal(2), z.literal(4), z.literal(8)]).default(4),
  /**
   * Channel width at each resolution, from full resolution to the latent grid: log2(f) + 1 entries.
   * Default [32, 64, 64] for f = 4 (LDM's `ch_mult` idea at demo scale).
   */
  widths: z.array(size).min(2).max(4).default([32, 64, 64]),
  /** Residual blocks per resolution level (encoder and decoder). Default 1. */
  blocksPerLevel: size.max(4).default(1),
  /** GroupNorm groups; must divide every width. Default 8. */
  normGroups: size.default(8),
  /** GroupNorm ε. Default 1e-6 (LDM's autoencoders). */
  normEps: z.number().positive().default(1e-6),
  /**
   * Learned 3×3 conv after each nearest ×2 upsampling in the decoder (LDM's `Upsample(with_conv)`).
   * Default false: the following residual block mixes instead, at a third of the FLOPs.
   */
  upsampleConv: z.boolean().default(false),
});

/** The shared encoder/decoder's config (parsed: defaults filled, frozen). */
export type ConvAutoencoderConfig = z.output<typeof ConvAutoencoderConfigSchema>;

/** What a caller may write (fields may be omitted). */
export type ConvAutoencoderConfigInput = z.input<typeof ConvAutoencoderConfigSchema>;

/**
 * Validates and fills defaults. Errors name the field and the fix (`widths` must have log2(f) + 1 entries,
 * `normGroups` must divide every width, the image must be divisible by f).
 *
 * @example
 * const cfg = parseConvAutoencoderConfig({ downsampleFactor: 8, widths: [32, 64, 64, 128] });
 */
export function parseConvAutoencoderConfig(
  value: unknown = {},
  source = 'autoencoder config',
): ConvAutoencoderConfig {
  const schema = ConvAutoencoderConfigSchema.superRefine((c, ctx) => {
    const levels = Math.log2(c.downsampleFactor);
    if (c.widths.length !== levels + 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['widths'],
        message: `f = ${c.downsampleFactor} needs log2(f) + 1 = ${levels + 1} widths, got ${c.widths.length}`,
      });
    }
    c.widths.forEach((w, i) => {
      if (w % c.normGroups !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['widths', i],
          message: `width ${w} is not divisible by normGroups = ${c.normGroups}`,
        });
      }
    });
    for (const side of ['height', 'width'] as const) {
      if (c.image[side] % c.downsampleFactor !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['image', side],
          message: `${c.image[side]} is not divisible by downsampleFactor = ${c.downsampleFactor}`,
        });
      }
    }
  });
  return parseConfig(schema, value, source);
}

/** The latent grid of a config: (H/f) × (W/f). */
export function latentGrid(config: ConvAutoencoderConfig): { height: number; width: number } {
  return {
    height: config.image.height / config.downsampleFactor,
    width: config.image.width / config.downsampleFactor,
  };
}
