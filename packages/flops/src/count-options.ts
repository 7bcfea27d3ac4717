import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';

/**
 * Which non-matmul op families to count (all excluded by default, as in the PaLM / Chinchilla convention),
 * and how embeddings execute.
 */
export const CountOptionsSchema = z
  .object({
    /** Count softmax at `ELEMENT_FLOPS.softmax` per attention score. Default false (PaLM App. B excludes it). */
    softmax: z.boolean().default(false),
    /** Count layer / RMS / group norms per element. Default false (Kaplan et al. §2.1 drop them as small). */
    norms: z.boolean().default(false),
    /** Count GELU / SiLU / ReLU per element (MLP hidden units, adaLN SiLU, timestep MLP). Default false. */
    activations: z.boolean().default(false),
    /** Count residual adds, position adds, adaLN modulate and gates, gated-MLP products. Default false. */
    elementwise: z.boolean().default(false),
    /**
     * How embeddings execute (the `executed` count only; `model` prices a lookup at 0): `gather` (rows copied
     * forward, a scatter-add of tokens·d backward, as `@flopmatch/nn`'s `Embedding`) or `one-hot` (a one-hot
     * matmul, 2·V·d per token forward and backward). Default `gather`.
     */
    embedding: z.enum(['gather', 'one-hot']).default('gather'),
  })
  .strict();

/** Which non-matmul op families to count; see `CountOptionsSchema` for each field. */
export type CountOptions = z.output<typeof CountOptionsSchema>;

/** The default: only matmuls, convolutions, bias adds and linear resampling are counted; embeddings gather. */
export const DEFAULT_COUNT_OPTIONS: CountOptions = parseConfig(CountOptionsSchema, {}, 'CountOptions');

/** Every family counted (softmax, norms, activations, elementwise); embeddings gather. */
export const ALL_COUNT_OPTIONS: CountOptions = parseConfig(
  CountOptionsSchema,
  { softmax: true, norms: true, activations: true, elementwise: true },
  'CountOptions',
);

/** Fills defaults and validates a partial `CountOptions` (throws `ConfigError` naming the field). */
export function resolveCountOptions(
  options: Partial<CountOptions> = {},
  source = 'CountOptions',
): CountOptions {
  return parseConfig(CountOptionsSchema, options, source);
}
