/**
 * The ledger's Transformer engine: the cost of one pass of a `TransformerShape` over some positions, split
 * into named terms. `transformerFlops` (a full forward) and `decodeSchedule` (prefill + KV-cached steps)
 * both price through it, so training and inference use the same formulas.
 *
 * Notation: L blocks, d width, H heads of Q = d/H, F MLP hidden width, n positions in this pass, f timestep
 * frequency features. Per block (PaLM, arXiv:2204.02311 App. B; Kaplan et al., arXiv:2001.08361 Table 1):
 *   qkv 2·n·d·3d, attention scores + values 2·2·pairs·H·Q, attention out 2·n·d², MLP 2·n·d·F·(2 or 3).
 */
import type { FlopCount } from '@flopmatch/core';
import { addCosts, type OpCost, scaleCost, ZERO_COST } from '../convention.js';
import type { CountOptions } from '../count-options.js';
import { elementwiseFlops } from '../layers/activation.js';
import { attentionFromPairs } from '../layers/attention.js';
import { embeddingFlops } from '../layers/embedding.js';
import { linearFlops } from '../layers/linear.js';
import { normFlops } from '../layers/norm.js';
import { softmaxFlops } from '../layers/softmax.js';
import { headDim, mlpHiddenWidth, positionSchemes, type TransformerShape } from './transformer-shape.js';

/** Names of the terms a pass is split into, in reporting order. */
export const TERM_NAMES = [
  'promptEmbedding',
  'inputEmbedding',
  'conditioning',
  'modulation',
  'qkv',
  'attentionScores',
  'attentionValues',
  'softmax',
  'attentionOut',
  'mlp',
  'activations',
  'norms',
  'elementwise',
  'output',
] as const;

/** One term's name. */
export type TermName = (typeof TERM_NAMES)[number];

/** The cost of a pass per term (per example). Terms not counted under the options are zero. */
export type TransformerTerms = Record<TermName, OpCost>;

/** What one pass computes. */
export interface TransformerPass {
  /** Positions the blocks process (queries). */
  positions: number;
  /** Query–key pairs per head per layer: `model` unmasked, `executed` computed. */
  pairs: FlopCount;
  /** Prompt tokens embedded through the prompt table in this pass. */
  promptTokens: number;
  /** Token positions fed through the input embedding / linear in this pass. */
  inputTokens: number;
  /** Positions the final norm and output head run on. */
  headPositions: number;
  /** Whether this pass computes the per-example conditioning (timestep MLP, adaLN linears). */
  conditioning: boolean;
}

function elementwise(
  kind: Parameters<typeof elementwiseFlops>[0]['kind'],
  elements: number,
  on: boolean,
): OpCost {
  return on ? elementwiseFlops({ kind, elements }) : ZERO_COST;
}

/** Positions of a pass that get a position vector added: prompt, timestep token and tokens, per scheme. */
function positionAdds(
  schemes: ReturnType<typeof positionSchemes>,
  pass: TransformerPass,
  timestepToken: boolean,
): number {
  return (
    (schemes.prompt === 'none' ? 0 : pass.promptTokens) +
    (timestepToken && pass.conditioning && schemes.timestep !== 'none' ? 1 : 0) +
    (schemes.tokens === 'none' ? 0 : pass.inputTokens)
  );
}

/** Prices one pass of `shape` term by term under `options`. */
export function passTerms(
  shape: TransformerShape,
  pass: TransformerPass,
  options: CountOptions,
): TransformerTerms {
  const { layers: L, width: d, heads: H } = shape;
  const Q = headDim(shape);
  const F = mlpHiddenWidth(shape);
  const n = pass.positions;
  const cond = shape.conditioning;
  const adaln = cond.mode === 'adaln-zero' || cond.mode === 'adaln-single';
  const perBlock = (cost: OpCost) => scaleCost(cost, L);
  const implementation = options.embedding;
  const schemes = positionSchemes(shape);

  const promptEmbedding =
    shape.prefixVocab > 0 && pass.promptTokens > 0
      ? embeddingFlops({ tokens: pass.promptTokens, vocab: shape.prefixVocab, width: d, implementation })
      : ZERO_COST;
  const inputEmbedding =
    shape.input.kind === 'embedding'
      ? embeddingFlops({ tokens: pass.inputTokens, vocab: shape.input.vocab, width: d, implementation })
      : linearFlops({
          tokens: pass.inputTokens,
          inFeatures: shape.input.features,
          outFeatures: d,
          bias: shape.input.bias,
        });

  // Per-example conditioning vector: timestep MLP Linear(f, d) → SiLU → Linear(d, d), plus a class embedding.
  let conditioning = ZERO_COST;
  let modulation = ZERO_COST;
  if (pass.conditioning && cond.mode !== 'none') {
    const f = cond.frequencyDim;
    const classes = cond.mode === 'timestep-token' ? 0 : cond.classes;
    conditioning = addCosts(
      linearFlops({ tokens: 1, inFeatures: f, outFeatures: d, bias: true }),
      elementwise('silu', d, options.activations),
      linearFlops({ tokens: 1, inFeatures: d, outFeatures: d, bias: true }),
      classes > 0 ? embeddingFlops({ tokens: 1, vocab: classes, width: d, implementation }) : ZERO_COST,
      elementwise('add', classes > 0 ? d : 0, options.elementwise),
    );
    if (cond.mode === 'adaln-zero') {
      // SiLU(c) → Linear(d, 6d) in every block, SiLU(c) → Linear(d, 2d) before the head (DiT §3.2).
      modulation = addCosts(
        perBlock(
          addCosts(
            elementwise('silu', d, options.activations),
            linearFlops({ tokens: 1, inFeatures: d, outFeatures: 6 * d, bias: true }),
          ),
        ),
        elementwise('silu', d, options.activations),
        linearFlops({ tokens: 1, inFeatures: d, outFeatures: 2 * d, bias: true }),
      );
    } else if (cond.mode === 'adaln-single') {
      // One SiLU → Linear(d, 6d) shared by all blocks; each block adds its [6, d] table (PixArt-α §2.3).
      modulation = addCosts(
        elementwise('silu', d, options.activations),
        linearFlops({ tokens: 1, inFeatures: d, outFeatures: 6 * d, bias: true }),
        perBlock(elementwise('add', 6 * d, options.elementwise)),
        elementwise('add', 2 * d, options.elementwise),
      );
    }
  }

  // Scores Q·Kᵀ and values softmax(S)·V, 2·pairs·H·Q each, in every block.
  const attention = attentionFromPairs(pass.pairs, H, Q);

  const mlpIn = linearFlops({ tokens: n, inFeatures: d, outFeatures: F, bias: shape.bias });
  const mlp = perBlock(
    addCosts(
      mlpIn,
      shape.mlpGated ? mlpIn : ZERO_COST,
      linearFlops({ tokens: n, inFeatures: F, outFeatures: d, bias: shape.bias }),
    ),
  );

  const normOn = options.norms;
  const norms = normOn
    ? addCosts(
        perBlock(scaleCost(normFlops({ kind: shape.norm, elements: n * d, affine: !adaln }), 2)),
        normFlops({ kind: shape.norm, elements: pass.headPositions * d, affine: !adaln }),
      )
    : ZERO_COST;

  const ew = options.elementwise;
  const elementwiseTerm = ew
    ? addCosts(
        elementwise('add', positionAdds(schemes, pass, cond.mode === 'timestep-token') * d, true), // position adds
        perBlock(elementwise('add', 2 * n * d, true)), // two residual adds
        perBlock(elementwise('add', shape.mlpGated ? n * F : 0, true)), // gate ⊙ up
        adaln
          ? perBlock(addCosts(elementwise('modulate', 2 * n * d, true), elementwise('add', 2 * n * d, true)))
          : ZERO_COST,
        adaln ? elementwise('modulate', pass.headPositions * d, true) : ZERO_COST,
      )
    : ZERO_COST;

  return {
    promptEmbedding,
    inputEmbedding,
    conditioning,
    modulation,
    // Kaplan et al. Table 1 rows: QKV 2·n·3·d·d_attn, attention 2·n·n_ctx·d_attn (×2), project, feedforward.
    qkv: perBlock(linearFlops({ tokens: n, inFeatures: d, outFeatures: 3 * d, bias: shape.bias })),
    attentionScores: perBlock(attention.scores),
    attentionValues: perBlock(attention.values),
    softmax: options.softmax
      ? perBlock(softmaxFlops({ scores: { model: pass.pairs.model * H, executed: pass.pairs.executed * H } }))
      : ZERO_COST,
    attentionOut: perBlock(linearFlops({ tokens: n, inFeatures: d, outFeatures: d, bias: shape.bias })),
    mlp,
    activations: options.activations
      ? perBlock(elementwiseFlops({ kind: shape.activation, elements: n * F }))
      : ZERO_COST,
    norms,
    elementwise: elementwiseTerm,
    output: linearFlops({
      tokens: pass.headPositions,
      inFeatures: d,
      outFeatures: shape.output.features,
      bias: shape.output.bias,
    }),
  };
}

/**
 * The terms that belong to the backbone alone: the blocks, the final norm, adaLN modulation and position
 * adds; not the prompt and input embeddings, the conditioning MLP or the output head.
 */
export const BACKBONE_TERMS: readonly TermName[] = Object.freeze(
  TERM_NAMES.filter(
    (name) => !['promptEmbedding', 'inputEmbedding', 'conditioning', 'output'].includes(name),
  ),
);

/**
 * Sums the `names` terms of a pass (default every term), in the order given.
 *
 * @example
 * const backbone = sumTerms(transformerFlops(shape).terms, BACKBONE_TERMS); // { forward, backward }
 */
export function sumTerms(terms: TransformerTerms, names: readonly TermName[] = TERM_NAMES): OpCost {
  return addCosts(...names.map((name) => terms[name]));
}
