/**
 * A small contrastive image–text model ("mini-CLIP") trained in-project, since CLIP weights cannot be
 * obtained here — after Radford et al., "Learning Transferable Visual Models From Natural Language
 * Supervision", arXiv:2103.00020, §2.3–2.5: an image encoder and a text encoder, each followed by a linear
 * projection into a joint space, L2-normalised, trained with the symmetric InfoNCE loss and a learned
 * temperature (initialised to τ = 0.07, the logit scale clipped at 100).
 *
 * - Image tower: the evaluation networks' `PatchTrunk`, then a linear projection to E.
 * - Text tower: the prompt's L token ids (from an injected `PromptTokenizer`) embedded, concatenated in
 *   order (word order matters: "a red circle left of a blue square" ≠ its mirror), then an MLP to E.
 *
 * Legend: N pairs, L prompt length, e token width, E joint width.
 */
import type { PromptTokenizer, RandomSource } from '@flopmatch/core';
import { addCosts, embeddingFlops, linearFlops, type OpCost } from '@flopmatch/flops';
import { Embedding, Linear, Module } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { MetricInputError } from '../errors.js';
import type { EvalNetConfig } from './eval-net-config.js';
import { l2Normalize, symmetricInfoNce } from './info-nce.js';
import { PatchTrunk } from './patch-trunk.js';

type ClipHead = Extract<EvalNetConfig['head'], { type: 'clip' }>;

/** The clip head of `config`, or a `MetricInputError`. */
export function clipHead(config: EvalNetConfig): ClipHead {
  if (config.kind !== 'clip' || config.head.type !== 'clip') {
    throw new MetricInputError(`MiniClip needs a 'clip' config, got kind '${config.kind}'`, 'use FeatureNet');
  }
  return config.head;
}

/**
 * Prompt ids [N, L] (int32) of `prompts` at the network's prompt length. Ids outside the text tower's
 * vocabulary are refused (the tokenizer is not the one the network was built for).
 */
export function encodePrompts(
  tokenizer: PromptTokenizer,
  prompts: readonly string[],
  head: ClipHead,
): Int32Array {
  const L = head.textLength;
  const ids = new Int32Array(prompts.length * L);
  prompts.forEach((p, i) => {
    const enc = tokenizer.encodeFixed(p, L);
    enc.ids.forEach((id, t) => {
      if (!(Number.isInteger(id) && id >= 0 && id < head.vocabSize)) {
        throw new MetricInputError(
          `prompt ${i} ("${p}") encodes to id ${id}, outside the text tower's ${head.vocabSize} ids`,
          'pass the tokenizer the mini-CLIP was trained with',
        );
      }
      ids[i * L + t] = id;
    });
  });
  return ids;
}

/**
 * @example
 * const clip = new MiniClip(config, new Rng(0).split('init'));
 * const img = clip.embedImages(patches, n); // [N, E], unit rows
 * const txt = clip.embedTexts(ids, n);      // [N, E], unit rows
 */
export class MiniClip extends Module {
  readonly config: EvalNetConfig;
  readonly head: ClipHead;
  readonly trunk: PatchTrunk;
  /** t = log(1/τ), CLIP's learned temperature (no weight decay). */
  readonly logScale: tf.Variable;
  readonly #imageProjection: Linear;
  readonly #tokens: Embedding;
  readonly #textHidden: Linear;
  readonly #textProjection: Linear;

  constructor(config: EvalNetConfig, rng: RandomSource) {
    super();
    this.config = config;
    this.head = clipHead(config);
    const { embedDim, vocabSize, tokenWidth, textLength, textHidden, initialTemperature } = this.head;
    const init = { init: 'xavier-uniform' as const };
    this.trunk = this.module('trunk', new PatchTrunk(config, rng.split('trunk')));
    this.#imageProjection = this.module(
      'image_projection',
      new Linear(config.trunk.featureDim, embedDim, { rng: rng.split('image_projection'), ...init }),
    );
    this.#tokens = this.module(
      'tokens',
      new Embedding(vocabSize, tokenWidth, { rng: rng.split('tokens'), std: 0.1 }),
    );
    this.#textHidden = this.module(
      'text_hidden',
      new Linear(textLength * tokenWidth, textHidden, { rng: rng.split('text_hidden'), ...init }),
    );
    this.#textProjection = this.module(
      'text_projection',
      new Linear(textHidden, embedDim, { rng: rng.split('text_projection'), ...init }),
    );
    this.logScale = this.param('log_scale', tf.scalar(Math.log(1 / initialTemperature)), { decay: false }); // t = log(1/τ)
  }

  /** Patches [N·G, P] → unit image embeddings [N, E]. */
  embedImages(patches: tf.Tensor2D, n: number): tf.Tensor2D {
    return tf.tidy(() =>
      l2Normalize(this.#imageProjection.forward(this.trunk.forward(patches, n)) as tf.Tensor2D),
    );
  }

  /** Prompt ids [N, L] (int32) → unit text embeddings [N, E]. */
  embedTexts(ids: tf.Tensor2D): tf.Tensor2D {
    const [n, L] = ids.shape;
    if (L !== this.head.textLength) {
      throw new MetricInputError(
        `MiniClip: prompt ids have length ${L}, the text tower takes ${this.head.textLength}`,
      );
    }
    return tf.tidy(() => {
      const tokens = tf.reshape(this.#tokens.forward(ids), [n, -1]); // [N, L·e]
      const hidden = tf.relu(this.#textHidden.forward(tokens)); // [N, hidden]
      return l2Normalize(this.#textProjection.forward(hidden) as tf.Tensor2D);
    });
  }

  /** Symmetric InfoNCE of N matching (image, prompt) pairs. */
  loss(patches: tf.Tensor2D, ids: tf.Tensor2D, n: number): tf.Scalar {
    return tf.tidy(() => symmetricInfoNce(this.embedImages(patches, n), this.embedTexts(ids), this.logScale));
  }

  /** Clips the logit scale e^t at `maxLogitScale` (CLIP §2.5); call after each optimiser step. */
  clampLogScale(): void {
    const max = Math.log(this.head.maxLogitScale);
    if (this.logScale.dataSync()[0]! > max) this.logScale.assign(tf.scalar(max));
  }

  /** The current temperature τ = e^(−t). */
  temperature(): number {
    return Math.exp(-this.logScale.dataSync()[0]!);
  }

  /** Forward and backward cost of one pair, plus the batch's N×N similarity (`batch` pairs), from the ledger. */
  cost(batch: number): OpCost {
    const { embedDim, vocabSize, tokenWidth, textLength, textHidden } = this.head;
    const perPair = addCosts(
      this.trunk.cost(),
      linearFlops({ tokens: 1, inFeatures: this.trunk.featureDim, outFeatures: embedDim, bias: true }),
      embeddingFlops({ tokens: textLength, vocab: vocabSize, width: tokenWidth }),
      linearFlops({ tokens: 1, inFeatures: textLength * tokenWidth, outFeatures: textHidden, bias: true }),
      linearFlops({ tokens: 1, inFeatures: textHidden, outFeatures: embedDim, bias: true }),
    );
    // The similarity matrix I·Tᵀ: N rows of E → N columns, shared by the batch; charged per pair.
    const similarity = linearFlops({ tokens: 1, inFeatures: embedDim, outFeatures: batch });
    return addCosts(perPair, similarity);
  }
}
