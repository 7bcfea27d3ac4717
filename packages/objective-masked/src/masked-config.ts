/**
 * The config of the masked-token (MaskGIT) objective: frozen, serialisable, validated by zod through
 * `parseConfig` (a bad field throws a `ConfigError` naming it, the value and the fix).
 */
import { parseConfig } from '@flopmatch/core';
import { BackboneSpecSchema, refineTransformerFields } from '@flopmatch/transformer';
import { z } from 'zod';

const positive = z.number().int().positive();

/** Zod schema of `MaskedConfig`. */
export const MaskedConfigSchema = z
  .strictObject({
    /** Registry id and saved-config discriminator: always `objective:masked`. */
    type: z.literal('objective:masked').default('objective:masked'),
    /** Schema version. Default 1. */
    version: z.literal(1).default(1),
    /** The shared backbone's size and options (`@flopmatch/transformer`); grid and conditioning are set here. */
    backbone: BackboneSpecSchema,
    /** The latent grid h × w of token ids (T = h·w). Required. */
    grid: z.strictObject({ height: positive, width: positive }),
    /** K: codebook size; ids lie in [0, K) and [MASK] is id K (MaskGIT §3.1). Required. */
    codebookSize: positive,
    /** L: prompt length in tokens (`encodeFixed(text, L)`). Default 16. */
    promptLength: positive.default(16),
    /** Vocabulary of the prompt tokenizer (`tokenizer.vocabSize`), checked against the tokenizer given. Required. */
    promptVocab: positive,
    /** p_uncond: probability that a training prompt is replaced by the null prompt. Default 0.1. */
    conditioningDropout: z.number().min(0).max(1).default(0.1),
    /** Label smoothing ε of the cross-entropy (MaskGIT trains with 0.1). Default 0. */
    labelSmoothing: z.number().min(0).lt(1).default(0),
    /** Bias on the logit head Linear(d, K). Default false. */
    headBias: z.boolean().default(false),
  })
  .superRefine((v, ctx) => refineTransformerFields(v.backbone, ctx, ['backbone']));

/** The frozen config of a `MaskedObjective` (defaults filled); see the schema for each field. */
export type MaskedConfig = z.output<typeof MaskedConfigSchema>;

/** What a caller writes: optional fields may be omitted. */
export type MaskedConfigInput = z.input<typeof MaskedConfigSchema>;

/** Validates a masked-token config; `source` names it in errors. */
export function parseMaskedConfig(value: unknown, source = 'objective:masked config'): MaskedConfig {
  return parseConfig(MaskedConfigSchema, value, source);
}
