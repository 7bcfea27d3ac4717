/**
 * The config of the flow-matching objective: frozen, serialisable, validated by zod through `parseConfig`
 * (a bad field throws a `ConfigError` naming it, the value and the fix). The backbone and prompt fields are
 * the fragments every objective shares (`@flopmatch/transformer`, `@flopmatch/text`).
 */
import { parseConfig } from '@flopmatch/core';
import { PROMPT_FIELDS } from '@flopmatch/text';
import { BACKBONE_FIELDS, refineBackboneField } from '@flopmatch/transformer';
import { z } from 'zod';

const positive = z.number().int().positive();

/** Zod schema of `FlowConfig`. */
export const FlowConfigSchema = z
  .strictObject({
    /** Registry id and saved-config discriminator: always `objective:flow`. */
    type: z.literal('objective:flow').default('objective:flow'),
    /** Schema version. Default 1. */
    version: z.literal(1).default(1),
    /** `backbone` (`@flopmatch/transformer`). */
    ...BACKBONE_FIELDS,
    /** The continuous latent h × w × c (already scaled to about unit variance by the codec). Required. */
    latent: z.strictObject({ height: positive, width: positive, channels: positive }),
    /** p: patch size of the linear patch-in / patch-out, 1 or 2 (DiT §3.2). Default 1. */
    patchSize: z.union([z.literal(1), z.literal(2)]).default(1),
    /** `promptLength` L, `promptVocab`, `conditioningDropout` p_uncond (`@flopmatch/text`). */
    ...PROMPT_FIELDS,
    /** How the timestep conditions the backbone. */
    timestep: z
      .strictObject({
        /**
         * `timestep-token` (default): one extra prefix token (DiT's in-context variant, no extra block
         * parameters); `adaln-single` (PixArt-α, +6d per block) or `adaln-zero` (DiT, +6d² per block).
         */
        mode: z.enum(['timestep-token', 'adaln-single', 'adaln-zero']).default('timestep-token'),
        /** f: sinusoidal features of the timestep MLP (DiT: 256). Must be even. Default 256. */
        frequencyDim: positive.default(256),
        /** Factor on t ∈ [0, 1] before the sinusoids (SD3 feeds 1000·t). Default 1000. */
        scale: z.number().positive().default(1000),
      })
      .default({ mode: 'timestep-token', frequencyDim: 256, scale: 1000 }),
    /** The logit-normal training distribution of t (SD3 §3.1): t = sigmoid(mean + scale·n). Default m = 0, s = 1. */
    timeSampling: z
      .strictObject({
        /** m: location of logit(t). Default 0. */
        mean: z.number().default(0),
        /** s: scale of logit(t). Default 1. */
        scale: z.number().positive().default(1),
      })
      .default({ mean: 0, scale: 1 }),
  })
  .superRefine((v, ctx) => {
    refineBackboneField(v, ctx);
    if (v.latent.height % v.patchSize !== 0 || v.latent.width % v.patchSize !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['patchSize'],
        message: `a ${v.latent.height}×${v.latent.width} latent does not split into ${v.patchSize}×${v.patchSize} patches; use patchSize 1`,
      });
    }
    if (v.timestep.frequencyDim % 2 !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['timestep', 'frequencyDim'],
        message: 'the sinusoidal features come in cos/sin pairs; use an even number such as 256',
      });
    }
  });

/** The frozen config of a `FlowObjective` (defaults filled); see the schema for each field. */
export type FlowConfig = z.output<typeof FlowConfigSchema>;

/** What a caller writes: optional fields may be omitted. */
export type FlowConfigInput = z.input<typeof FlowConfigSchema>;

/** Validates a flow-matching config; `source` names it in errors. */
export function parseFlowConfig(value: unknown, source = 'objective:flow config'): FlowConfig {
  return parseConfig(FlowConfigSchema, value, source);
}
