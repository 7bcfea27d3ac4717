/**
 * Config fragments the objectives over this backbone share (zod fields to spread into an objective's
 * `strictObject`, in this order: `...BACKBONE_FIELDS`, the latent fields, the prompt fields of
 * `@flopmatch/text`, then the objective's own), so a field means the same in every objective's config.
 */
import { z } from 'zod';
import { type BackboneSpec, BackboneSpecSchema, refineTransformerFields } from './transformer.js';

const positive = z.number().int().positive();

/** `backbone`: the shared backbone's size and options; the objective sets its grid and conditioning. */
export const BACKBONE_FIELDS = {
  /** The shared backbone's size and options (`@flopmatch/transformer`); grid and conditioning are set here. */
  backbone: BackboneSpecSchema,
};

/** The cross-field checks of `backbone` (heads divide the width, …), as an objective schema's `superRefine`. */
export function refineBackboneField(value: { backbone: BackboneSpec }, ctx: z.RefinementCtx): void {
  refineTransformerFields(value.backbone, ctx, ['backbone']);
}

/** `grid`, `codebookSize`: the discrete latent a token objective (masked, next-token) models. */
export const TOKEN_GRID_FIELDS = {
  /** The latent grid h × w of token ids (T = h·w, raster order). Required. */
  grid: z.strictObject({ height: positive, width: positive }),
  /**
   * K: codebook size of the discrete codec; ids lie in [0, K) and id K is the objective's extra token
   * (MaskGIT's [MASK], §3.1; next-token's start-of-image). Required.
   */
  codebookSize: positive,
};

/** `labelSmoothing`, `headBias`: the token objectives' logit head and its cross-entropy. */
export const TOKEN_HEAD_FIELDS = {
  /** Label smoothing ε of the cross-entropy (arXiv:1512.00567 §7; MaskGIT trains with 0.1). Default 0. */
  labelSmoothing: z.number().min(0).lt(1).default(0),
  /** Bias on the logit head Linear(d, K). Default false. */
  headBias: z.boolean().default(false),
};
