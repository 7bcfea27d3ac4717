/**
 * The config of the next-token objective: frozen, serialisable, validated by zod through `parseConfig`
 * (a bad field throws a `ConfigError` naming it, the value and the fix).
 */
import { parseConfig } from '@flopmatch/core';
import { BackboneSpecSchema, refineTransformerFields } from '@flopmatch/transformer';
import { z } from 'zod';

const positive = z.number().int().positive();

/** Zod schema of `NextTokenConfig`. */
export const NextTokenConfigSchema = z
  .strictObject({
    /** Registry id and saved-config discriminator: always `objective:next-token`. */
    type: z.literal('objective:next-token').default('objective:next-token'),
    /** Schema version. Default 1. */
    version: z.literal(1).default(1),
    /** The shared backbone's size and options (`@flopmatch/transformer`); grid and conditioning are set here. */
    backbone: BackboneSpecSchema,
    /** The latent grid h × w of token ids (T = h·w, raster order). Required. */
    grid: z.strictObject({ height: positive, width: positive }),
    /** K: codebook size of the discrete codec; ids lie in [0, K). The start-of-image token gets id K. Required. */
    codebookSize: positive,
    /** L: prompt length in tokens (`encodeFixed(text, L)`). Default 16. */
    promptLength: positive.default(16),
    /** Vocabulary of the prompt tokenizer (`tokenizer.vocabSize`), checked against the tokenizer given. Required. */
    promptVocab: positive,
    /** p_uncond: probability that a training prompt is replaced by the null prompt (classifier-free guidance). Default 0.1. */
    conditioningDropout: z.number().min(0).max(1).default(0.1),
    /** Label smoothing ε of the cross-entropy (arXiv:1512.00567 §7). Default 0. */
    labelSmoothing: z.number().min(0).lt(1).default(0),
    /** Bias on the logit head Linear(d, K). Default false. */
    headBias: z.boolean().default(false),
  })
  .superRefine((v, ctx) => refineTransformerFields(v.backbone, ctx, ['backbone']));

/** The frozen config of a `NextTokenObjective` (defaults filled); see the schema for each field. */
export type NextTokenConfig = z.output<typeof NextTokenConfigSchema>;

/** What a caller writes: optional fields may be omitted. */
export type NextTokenConfigInput = z.input<typeof NextTokenConfigSchema>;

/** Validates a next-token config; `source` names it in errors (a file path, a component name). */
export function parseNextTokenConfig(
  value: unknown,
  source = 'objective:next-token config',
): NextTokenConfig {
  return parseConfig(NextTokenConfigSchema, value, source);
}
