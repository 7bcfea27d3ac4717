/**
 * Parameter count of a `TransformerShape`: total, embedding and non-embedding. Embedding parameters are the
 * lookup tables (token, prompt and class embeddings, learned positions), as Kaplan et al. exclude them from N
 * (arXiv:2001.08361 §2.1); a tied head shares the token table and adds nothing. Learned positions count per
 * part of the sequence (prompt, timestep token, tokens), each under its own scheme; fixed sin-cos positions
 * are not parameters (DiT stores them in a frozen tensor; its published counts include them).
 */

import { linearParams } from '../layers/linear.js';
import { normParams } from '../layers/norm.js';
import {
  learnedPositions,
  mlpHiddenWidth,
  parseTransformerShape,
  type TransformerShape,
  type TransformerShapeInput,
} from './transformer-shape.js';

/** Parameter counts by part. */
export interface TransformerParams {
  /** Every learned parameter. */
  total: number;
  /** Lookup tables: token, prompt and class embeddings, learned positions. */
  embedding: number;
  /** total − embedding: Kaplan et al.'s N. */
  nonEmbedding: number;
  /** Counts per part (sums to `total`). */
  parts: {
    promptEmbedding: number;
    inputEmbedding: number;
    positions: number;
    conditioning: number;
    blocks: number;
    finalNorm: number;
    output: number;
  };
}

/**
 * Counts the parameters of a Transformer.
 *
 * @example
 * transformerParams(GOLDEN_PRESETS['gpt2-small']).total; // 124_439_808
 */
export function transformerParams(shape: TransformerShapeInput | TransformerShape): TransformerParams {
  const s = parseTransformerShape(shape);
  const d = s.width;
  const F = mlpHiddenWidth(s);
  const cond = s.conditioning;
  const adaln = cond.mode === 'adaln-zero' || cond.mode === 'adaln-single';

  const promptEmbedding = s.prefixVocab * d;
  const inputEmbedding =
    s.input.kind === 'embedding' ? s.input.vocab * d : linearParams(s.input.features, d, s.input.bias);
  const positions = learnedPositions(s) * d; // prompt, timestep-token and token rows, each per its scheme

  let conditioning = 0;
  let classTable = 0;
  let perBlockModulation = 0;
  if (cond.mode !== 'none') {
    conditioning += linearParams(cond.frequencyDim, d, true) + linearParams(d, d, true);
    if (cond.mode !== 'timestep-token') classTable = cond.classes * d;
    if (cond.mode === 'adaln-zero') {
      perBlockModulation = linearParams(d, 6 * d, true);
      conditioning += linearParams(d, 2 * d, true);
    } else if (cond.mode === 'adaln-single') {
      perBlockModulation = 6 * d;
      conditioning += linearParams(d, 6 * d, true) + 2 * d;
    }
  }

  // Kaplan et al. eq. (2.1): 2·d·(2·d_attn + d_ff) weights per block, plus biases, norms and adaLN.
  const block =
    2 * normParams(s.norm, d, !adaln) +
    linearParams(d, 3 * d, s.bias) +
    linearParams(d, d, s.bias) +
    (s.mlpGated ? 2 : 1) * linearParams(d, F, s.bias) +
    linearParams(F, d, s.bias) +
    perBlockModulation;
  const blocks = s.layers * block;
  const finalNorm = normParams(s.norm, d, !adaln);
  const output = s.output.tied ? 0 : linearParams(d, s.output.features, s.output.bias);

  const parts = {
    promptEmbedding,
    inputEmbedding,
    positions,
    conditioning: conditioning + classTable,
    blocks,
    finalNorm,
    output,
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  const embedding =
    promptEmbedding + (s.input.kind === 'embedding' ? inputEmbedding : 0) + positions + classTable;
  return { total, embedding, nonEmbedding: total - embedding, parts };
}
