/**
 * The config of the next-token objective: frozen, serialisable, validated by zod through `parseConfig`
 * (a bad field throws a `ConfigError` naming it, the value and the fix). The backbone, token and prompt
 * fields are the fragments every objective shares (`@flopmatch/transformer`, `@flopmatch/text`).
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

/** Zod schema of `NextTokenConfig`. */
export const NextTokenConfigSchema = z
  .strictObject({
    /** Registry id and saved-config discriminator: always `objective:next-token`. */
    type: z.literal('objective:next-token').default('objective:next-token'),
    /** Schema version. Default 1. */
    version: z.literal(1).default(1),
    /** `backbone`. */
    ...BACKBONE_FIELDS,
    /** `grid` h × w in raster order, `codebookSize` K (the start-of-image token gets id K). */
    ...TOKEN_GRID_FIELDS,
    /** `promptLength` L, `promptVocab`, `conditioningDropout` p_uncond (classifier-free guidance). */
    ...PROMPT_FIELDS,
    /** `labelSmoothing` ε (arXiv:1512.00567 §7), `headBias`. */
    ...TOKEN_HEAD_FIELDS,
  })
  .superRefine(refineBackboneField);

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
