/**
 * A plain, serialisable description of a convolutional encoder or decoder (the autoencoders' shared
 * encoder/decoder, a VQGAN, a KL-VAE): an input image shape and a list of layers applied in order.
 * `resblock` and `attention` expand to their standard sub-layers (Taming Transformers, arXiv:2012.09841
 * App. A; LDM, arXiv:2112.10752 App. G).
 */
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';

const size = z.number().int().positive();

/** One layer of a conv net. */
export const ConvLayerSchema = z.discriminatedUnion('op', [
  /** Conv2d to `channels` outputs: k×k kernel (default 3), stride (1), padding ('same'), bias (true). */
  z
    .object({
      op: z.literal('conv'),
      channels: size,
      kernel: size.default(3),
      stride: size.default(1),
      padding: z.union([z.enum(['same', 'valid']), z.number().int().nonnegative()]).default('same'),
      bias: z.boolean().default(true),
    })
    .strict(),
  /** Normalisation over the current channels (default group norm with affine). */
  z
    .object({
      op: z.literal('norm'),
      kind: z.enum(['group', 'layer', 'rms']).default('group'),
      affine: z.boolean().default(true),
    })
    .strict(),
  /** Pointwise activation (default SiLU). */
  z.object({ op: z.literal('activation'), kind: z.enum(['silu', 'gelu', 'relu']).default('silu') }).strict(),
  /** Enlarge by `factor` (default 2), nearest (default) or bilinear. */
  z
    .object({
      op: z.literal('upsample'),
      factor: size.default(2),
      mode: z.enum(['nearest', 'bilinear']).default('nearest'),
    })
    .strict(),
  /** Average-pool by `factor` (default 2). */
  z.object({ op: z.literal('downsample'), factor: size.default(2) }).strict(),
  /**
   * Residual block to `channels`: norm → act → conv3×3 → norm → act → conv3×3, plus a 1×1 shortcut conv when
   * the channels change, then the residual add.
   */
  z
    .object({
      op: z.literal('resblock'),
      channels: size,
      norm: z.enum(['group', 'layer', 'rms']).default('group'),
      activation: z.enum(['silu', 'gelu', 'relu']).default('silu'),
    })
    .strict(),
  /** Spatial self-attention block: norm → q, k, v 1×1 convs → attention over h·w positions → 1×1 proj → add. */
  z.object({ op: z.literal('attention'), heads: size.default(1) }).strict(),
]);

/** One layer of a conv net (parsed form). */
export type ConvLayer = z.output<typeof ConvLayerSchema>;

/** Zod schema of `ConvNetShape`. */
export const ConvNetShapeSchema = z
  .object({
    /** Discriminates description files: always 'conv-net'. */
    type: z.literal('conv-net'),
    /** Schema version. Default 1. */
    version: z.literal(1).default(1),
    /** Display name. Optional. */
    name: z.string().optional(),
    /** The input of one image (or latent): height × width × channels. */
    input: z.object({ height: size, width: size, channels: size }).strict(),
    /** Layers applied in order. */
    layers: z.array(ConvLayerSchema).min(1),
  })
  .strict();

/** A conv encoder/decoder as the ledger prices it. */
export type ConvNetShape = z.output<typeof ConvNetShapeSchema>;

/** What a caller may write (defaults may be omitted). */
export type ConvNetShapeInput = z.input<typeof ConvNetShapeSchema>;

/** Validates and fills defaults; a malformed field throws `ConfigError` naming it (`layers[2].kernel`). */
export function parseConvNetShape(value: unknown, source = 'conv-net shape'): ConvNetShape {
  return parseConfig(ConvNetShapeSchema, value, source);
}
