/**
 * The config of the masked-token (MaskGIT) objective: frozen, serialisable, validated by zod through
 * `parseConfig` (a bad field throws a `ConfigError` naming it, the value and the fix). The backbone, token
 * and prompt fields are the fragments every objective shares (`@flopmatch/transformer`, `@flopmatch/text`).
 */
import { parseConfig } from '@flopmatch/core';
import { PROMPT_FIELDS } from '@flopmatch/text';
import {
  BACKBONE_FIELDS,
  refineBackboneField,
  TOKEN_GRID_FIELDS,
  TOKEN_HEAD_FIELDS,
} from '@flopmatch/transformer';
import { z } from 'zod';

/** Zod schema of `MaskedConfig`. */
export const MaskedConfigSchema = z
  .strictObject({
    /** Registry id and saved-config discriminator: always `objective:masked`. */
    type: z.literal('objective:masked').default('objective:masked'),
    /** Schema version. Default 1. */
    version: z.literal(1).default(1),
    /** `backbone`. */
    ...BACKBONE_FIELDS,
    /** `grid` h × w, `codebookSize` K ([MASK] is id K, MaskGIT §3.1). */
    ...TOKEN_GRID_FIELDS,
    /** `promptLength` L, `promptVocab`, `conditioningDropout` p_uncond. */
    ...PROMPT_FIELDS,
    /** `labelSmoothing` ε (MaskGIT trains with 0.1), `headBias`. */
    ...TOKEN_HEAD_FIELDS,
  })
  .superRefine(refineBackboneField);

/** The frozen config of a `MaskedObjective` (defaults filled); see the schema for each field. */
export type MaskedConfig = z.output<typeof MaskedConfigSchema>;

/** What a caller writes: optional fields may be omitted. */
export type MaskedConfigInput = z.input<typeof MaskedConfigSchema>;

/** Validates a masked-token config; `source` names it in errors. */
export function parseMaskedConfig(value: unknown, source = 'objective:masked config'): MaskedConfig {
  return parseConfig(MaskedConfigSchema, value, source);
}
