/**
 * A plain, serialisable description of a Transformer for pricing: enough to count every matmul and
 * parameter, nothing about weights. The sequence is [prefix (P) ; timestep token (1, only in
 * `timestep-token` mode) ; tokens (T)]; the output head runs on the T token positions.
 */
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';

const count = z.number().int().nonnegative();
const size = z.number().int().positive();

/** Sinusoidal timestep features fed to the timestep MLP (DiT, arXiv:2212.09748 §3.2: 256). */
const frequencyDim = size.default(256);
/** Class labels embedded into the conditioning vector (DiT: 1000 + 1 null class). Default 0. */
const classes = count.default(0);

/** A position scheme: a learned table (parameters), fixed sin-cos values, or none. */
const positionScheme = z.enum(['learned', 'fixed', 'none']);

/** One of the ledger's position schemes. */
export type PositionScheme = z.output<typeof positionScheme>;

/** How the diffusion timestep (and class) conditions the blocks. */
export const ConditioningSchema = z.discriminatedUnion('mode', [
  /** No conditioning vector (token objectives: the prompt is the prefix). */
  z.object({ mode: z.literal('none') }).strict(),
  /**
   * The timestep MLP output is one extra prefix token (U-ViT, arXiv:2209.12152). `position`: that token's
   * position scheme (U-ViT learns one; flopmatch's backbone gives it none, the MLP output identifies it).
   * Default: the shape's `positions`.
   */
  z.object({ mode: z.literal('timestep-token'), frequencyDim, position: positionScheme.optional() }).strict(),
  /**
   * adaLN-single (PixArt-α, arXiv:2310.00426 §2.3): one Linear(d, 6d) on the conditioning vector shared by
   * all blocks, plus a learned [6, d] table per block and [2, d] for the final layer.
   */
  z.object({ mode: z.literal('adaln-single'), frequencyDim, classes }).strict(),
  /** adaLN-Zero (DiT, arXiv:2212.09748 §3.2): a Linear(d, 6d) per block and Linear(d, 2d) before the head. */
  z.object({ mode: z.literal('adaln-zero'), frequencyDim, classes }).strict(),
]);

/** What feeds the token positions. */
export const TransformerInputSchema = z.discriminatedUnion('kind', [
  /** Discrete ids through an embedding table [vocab, d] (VQ codes, text). */
  z.object({ kind: z.literal('embedding'), vocab: size }).strict(),
  /** Continuous features through a linear layer (DiT's patch embedding: p²·C features per patch). */
  z.object({ kind: z.literal('linear'), features: size, bias: z.boolean().default(true) }).strict(),
]);

/** The head on the T token positions: Linear(d, features). */
export const TransformerOutputSchema = z
  .object({
    /** Output features per position: codebook size for logits, p²·C (×2 with learned variance) for patches. */
    features: size,
    /** Bias on the head. Default false. */
    bias: z.boolean().default(false),
    /** Head weight is the input embedding table (GPT-2): no parameters of its own. Default false. */
    tied: z.boolean().default(false),
  })
  .strict();

/** Zod schema of `TransformerShape`; see each field's TSDoc on the type. */
export const TransformerShapeSchema = z
  .object({
    /** Discriminates description files: always 'transformer'. */
    type: z.literal('transformer'),
    /** Schema version. Default 1. */
    version: z.literal(1).default(1),
    /** Display name (a preset id, a paper model name). Optional. */
    name: z.string().optional(),
    /** Blocks L. */
    layers: size,
    /** Model width d. */
    width: size,
    /** Attention heads H (must divide d; head width Q = d / H). */
    heads: size,
    /** MLP hidden width as a multiple of d. Default 4 (GPT-2, DiT). */
    mlpRatio: z.number().positive().default(4),
    /** Explicit MLP hidden width, overriding mlpRatio (LlamaGen rounds 8d/3 up to 256). Optional. */
    mlpWidth: size.optional(),
    /** Gated MLP (SwiGLU/GEGLU, arXiv:2002.05202): two input projections and a product. Default false. */
    mlpGated: z.boolean().default(false),
    /** MLP activation. Default 'gelu'. */
    activation: z.enum(['gelu', 'silu', 'relu']).default('gelu'),
    /** Block normalisation. Default 'layer'. Affine unless an adaLN mode supplies scale and shift. */
    norm: z.enum(['layer', 'rms']).default('layer'),
    /** Biases on the qkv, attention-output and MLP linears. Default true. */
    bias: z.boolean().default(true),
    /** Prefix positions P (prompt tokens). Default 0. */
    prefixLength: count.default(0),
    /** Vocabulary of the prompt embedding table for the prefix; 0 = the prefix arrives embedded. Default 0. */
    prefixVocab: count.default(0),
    /** Token positions T (image tokens, patches, or text tokens for a language model). */
    tokenLength: size,
    /** Attention mask over the whole sequence. Default 'bidirectional'. */
    mask: z.enum(['bidirectional', 'causal', 'prefix-causal']).default('bidirectional'),
    /**
     * Positions of the T token positions (and of the prefix unless `promptPositions` says otherwise): a learned
     * table (parameters), fixed sin-cos, or none. Default 'learned'.
     */
    positions: positionScheme.default('learned'),
    /**
     * Positions of the P prompt positions when they differ from `positions` — flopmatch's text prefix learns its
     * own [P, d] table whatever the image tokens use. Default: `positions` (one scheme over the whole sequence).
     */
    promptPositions: positionScheme.optional(),
    /** What feeds the token positions. */
    input: TransformerInputSchema,
    /** The head on the token positions. */
    output: TransformerOutputSchema,
    /** Timestep / class conditioning. Default { mode: 'none' }. */
    conditioning: ConditioningSchema.default({ mode: 'none' }),
  })
  .strict()
  .superRefine((shape, ctx) => {
    if (shape.width % shape.heads !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['heads'],
        message: `heads must divide width ${shape.width} (head width d / H); pick a divisor of ${shape.width}`,
      });
    }
    if (
      shape.output.tied &&
      (shape.input.kind !== 'embedding' || shape.input.vocab !== shape.output.features)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['output', 'tied'],
        message: `a tied head needs input.kind 'embedding' with vocab = output.features (${shape.output.features}); set tied to false or match the vocab`,
      });
    }
    if (shape.prefixVocab > 0 && shape.prefixLength === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['prefixVocab'],
        message:
          'a prompt vocabulary without prefix positions embeds nothing; set prefixLength or prefixVocab 0',
      });
    }
  });

/** A Transformer's shape as the ledger prices it (the parsed, defaults-filled form of the schema). */
export type TransformerShape = z.output<typeof TransformerShapeSchema>;

/** What a caller may write: optional fields may be omitted (defaults fill them). */
export type TransformerShapeInput = z.input<typeof TransformerShapeSchema>;

/**
 * Validates a description and fills defaults; a malformed field throws `ConfigError` naming it.
 *
 * @example
 * const shape = parseTransformerShape({ type: 'transformer', layers: 2, width: 64, heads: 4, tokenLength: 16,
 *   input: { kind: 'embedding', vocab: 512 }, output: { features: 512 } }, 'my-model.json');
 */
export function parseTransformerShape(value: unknown, source = 'transformer shape'): TransformerShape {
  return parseConfig(TransformerShapeSchema, value, source);
}

/** Head width Q = d / H. */
export function headDim(shape: TransformerShape): number {
  return shape.width / shape.heads;
}

/** MLP hidden width: mlpWidth, else round(mlpRatio · d). */
export function mlpHiddenWidth(shape: TransformerShape): number {
  return shape.mlpWidth ?? Math.round(shape.mlpRatio * shape.width);
}

/** The position schemes of the prompt, the timestep token (absent outside `timestep-token` mode) and the tokens. */
export function positionSchemes(shape: TransformerShape): {
  prompt: PositionScheme;
  timestep: PositionScheme | undefined;
  tokens: PositionScheme;
} {
  const c = shape.conditioning;
  return {
    prompt: shape.promptPositions ?? shape.positions,
    timestep: c.mode === 'timestep-token' ? (c.position ?? shape.positions) : undefined,
    tokens: shape.positions,
  };
}

/** Positions whose learned position rows are parameters: prompt, timestep token and tokens, per scheme. */
export function learnedPositions(shape: TransformerShape): number {
  const schemes = positionSchemes(shape);
  return (
    (schemes.prompt === 'learned' ? shape.prefixLength : 0) +
    (schemes.timestep === 'learned' ? 1 : 0) +
    (schemes.tokens === 'learned' ? shape.tokenLength : 0)
  );
}

/** Prefix positions including the timestep token in `timestep-token` mode. */
export function prefixPositions(shape: TransformerShape): number {
  return shape.prefixLength + (shape.conditioning.mode === 'timestep-token' ? 1 : 0);
}

/** All positions S the blocks process: P (+1) + T. */
export function sequencePositions(shape: TransformerShape): number {
  return prefixPositions(shape) + shape.tokenLength;
}
