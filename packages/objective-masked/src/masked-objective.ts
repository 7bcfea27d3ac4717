/**
 * Masked-token prediction (MaskGIT) over discrete VQ ids, the caption as a prefix of the shared backbone.
 *
 * Papers: Chang et al., "MaskGIT: Masked Generative Image Transformer", arXiv:2202.04200, §3.1 (masked
 * visual token modeling: replace a random subset of tokens by [MASK], predict them with a bidirectional
 * Transformer; the loss is the negative log-likelihood of the masked tokens only, eq. (1)) and §3.3 (cosine
 * mask schedule, `mask-schedule.ts`); the study, Kilian et al., arXiv:2405.13218 (one backbone for all
 * objectives).
 *
 * Notation: N batch, h × w latent grid, T = h·w tokens, K codebook size ([MASK] = K), L prompt tokens, d width.
 * The sequence is [prompt (L) ; tokens (T)] under the bidirectional mask; the head computes logits at every
 * token position (what the FLOP ledger charges), the loss reads only the masked ones.
 */
import {
  type Conditioning,
  type FlopCount,
  type LatentBatch,
  type MaskedTokenModel,
  type Objective,
  type PromptTokenizer,
  type RandomSource,
  Rng,
} from '@flopmatch/core';
import { type TransformerShape, transformerFlops, transformerParams } from '@flopmatch/flops';
import { Embedding, Linear, Module, ShapeError } from '@flopmatch/nn';
import { PromptConditioner } from '@flopmatch/text';
import {
  backboneConfig,
  checkTokenGrid,
  expectBatchKind,
  ledgerShape,
  loadNamedModule,
  saveNamedWeights,
  Transformer,
  tokenCrossEntropy,
  trainingConditioning,
} from '@flopmatch/transformer';
import * as tf from '@tensorflow/tfjs-core';
import { sampleTrainingMasks } from './mask-schedule.js';
import { type MaskedConfig, type MaskedConfigInput, parseMaskedConfig } from './masked-config.js';
import { MaskedView } from './masked-model.js';

/** Runtime-only inputs of a `MaskedObjective` (not part of its config). */
export interface MaskedObjectiveOptions {
  /** The prompt tokenizer; its vocabSize must equal `promptVocab`. Required. */
  tokenizer: PromptTokenizer;
  /** Seeds every initial weight. Required. */
  rng: RandomSource;
}

/**
 * The MaskGIT objective: `loss` for training, `model()` for the MaskGIT sampler.
 *
 * @example
 * const objective = new MaskedObjective({ backbone: { layers: 2, width: 64, heads: 4 }, grid: { height: 8, width: 8 },
 *   codebookSize: 512, promptVocab: tokenizer.vocabSize }, { tokenizer, rng: new Rng(0) });
 * const loss = objective.loss({ kind: 'discrete', ids, cond }, rng.split(step));
 */
export class MaskedObjective extends Module implements Objective {
  readonly specVersion = 'v1' as const;
  readonly id = 'objective:masked';
  readonly latentKind = 'discrete' as const;
  readonly config: MaskedConfig;
  /** The caption: tokenizer, prefix embedding and null prompt (`@flopmatch/text`). */
  readonly prompt: PromptConditioner;
  /** Token table [K + 1, d]; row K is [MASK]. */
  readonly tokens: Embedding;
  readonly backbone: Transformer;
  /** Logit head Linear(d, K). */
  readonly head: Linear;
  /** Tokens T = h·w. */
  readonly tokenLength: number;
  /** Id of [MASK] (= K). */
  readonly maskId: number;
  /** One forward pass as the FLOP ledger prices it (prompt L, tokens T, bidirectional, head at all T). */
  readonly shape: TransformerShape;
  #view: MaskedView | undefined;

  constructor(config: MaskedConfigInput, options: MaskedObjectiveOptions) {
    super();
    this.config = parseMaskedConfig(config);
    const { tokenizer, rng } = options;
    const { grid, codebookSize: K, headBias } = this.config;
    this.tokenLength = grid.height * grid.width;
    this.maskId = K;
    const backbone = backboneConfig(this.config.backbone, grid, 'none');
    const d = backbone.width;
    this.prompt = this.module(
      'prompt',
      new PromptConditioner(this.config, {
        tokenizer,
        dim: d,
        rng: rng.split('prompt'),
        source: 'objective:masked config',
        name: 'MaskedObjective',
      }),
    );
    this.tokens = this.module('tokens', new Embedding(K + 1, d, { rng: rng.split('tokens') }));
    this.backbone = this.module('backbone', new Transformer(backbone, rng.split('backbone')));
    this.head = this.module('head', new Linear(d, K, { rng: rng.split('head'), bias: headBias }));
    this.shape = ledgerShape(backbone, {
      promptLength: this.config.promptLength,
      promptVocab: this.config.promptVocab,
      tokenLength: this.tokenLength,
      mask: 'bidirectional',
      input: { kind: 'embedding', vocab: K + 1 },
      output: { features: K, bias: headBias },
    });
  }

  /** The prompt tokenizer (`prompt.tokenizer`). */
  get tokenizer(): PromptTokenizer {
    return this.prompt.tokenizer;
  }

  /** Rebuilds an objective from its saved `.config`, with fresh weights from `options.rng`. */
  static fromConfig(config: unknown, options: MaskedObjectiveOptions): MaskedObjective {
    return new MaskedObjective(parseMaskedConfig(config), options);
  }

  /** Loads an objective saved with `save`: its config from the file's metadata, then its weights. */
  static load(
    path: string,
    options: Pick<MaskedObjectiveOptions, 'tokenizer'> & Partial<MaskedObjectiveOptions>,
  ): Promise<MaskedObjective> {
    return loadNamedModule(
      path,
      (config, source) =>
        new MaskedObjective(parseMaskedConfig(config, source), { rng: new Rng(0), ...options }),
    );
  }

  /** Writes every weight and the config to one safetensors file (atomically). */
  async save(path: string): Promise<void> {
    await saveNamedWeights(path, this.namedVariables(), this.config);
  }

  /**
   * MaskGIT's loss, eq. (1): per example r = cos(π/2·u), max(1, ⌈r·T⌉) random tokens become [MASK]; the
   * cross-entropy is averaged over the masked positions of the batch only. With `training` (the default)
   * prompts are replaced by the null prompt with probability `conditioningDropout`.
   */
  loss(batch: LatentBatch, rng: RandomSource, training = true): tf.Scalar {
    expectBatchKind(batch, 'discrete', 'MaskedObjective.loss');
    checkTokenGrid(batch.ids, this.config.grid, 'MaskedObjective.loss');
    const [N, T] = [batch.ids.shape[0], this.tokenLength];
    const { mask } = sampleTrainingMasks(N, T, rng.split('mask'));
    return tf.tidy(() => {
      const ids = tf.cast(tf.reshape(batch.ids, [N, T]), 'int32') as tf.Tensor2D;
      const cond = trainingConditioning(batch.cond, training, {
        rate: this.config.conditioningDropout,
        nullIds: this.prompt.nullIds,
        rng: rng.split('conditioning-dropout'),
      });
      const weights = tf.tensor2d(mask, [N, T]); // 1 where masked
      const input = tf.where(
        tf.cast(weights, 'bool'),
        tf.fill([N, T], this.maskId, 'int32'),
        ids,
      ) as tf.Tensor2D; // Y_M̄
      const logits = this.logits(input, cond); // [N, T, K]
      return tokenCrossEntropy(logits, ids, { weights, labelSmoothing: this.config.labelSmoothing }); // eq. (1)
    });
  }

  /** The masked-token loss for a given mask [N, T] (1 = masked), e.g. to inspect it; same math as `loss`. */
  maskedLoss(ids: tf.Tensor2D, mask: tf.Tensor2D, cond: Conditioning): tf.Scalar {
    return tf.tidy(() => {
      const input = tf.where(
        tf.cast(mask, 'bool'),
        tf.fill(ids.shape, this.maskId, 'int32'),
        ids,
      ) as tf.Tensor2D;
      return tokenCrossEntropy(this.logits(input, cond), ids, {
        weights: mask,
        labelSmoothing: this.config.labelSmoothing,
      });
    });
  }

  /** ids [N, T] (maskId where masked) → logits [N, T, K], one bidirectional pass over [prompt ; tokens]. */
  logits(ids: tf.Tensor2D, cond: Conditioning): tf.Tensor3D {
    const [N, T] = ids.shape;
    if (ids.rank !== 2 || T !== this.tokenLength) {
      throw new ShapeError(
        'MaskedObjective.logits',
        `ids [${ids.shape}] are not [N, ${this.tokenLength}]`,
        'pass every token of the grid',
      );
    }
    return tf.tidy(() => {
      const h = this.backbone.forward({
        prefix: this.embedPrompt(cond, N),
        tokens: this.tokens.forward(tf.cast(ids, 'int32')) as tf.Tensor3D, // [N, T, d]
        mask: 'bidirectional',
      });
      return this.head.forward(h) as tf.Tensor3D; // [N, T, K]
    });
  }

  /** The caption prefix [N, L, d] of a conditioning (ids [N, L]). */
  embedPrompt(cond: Conditioning, batch: number): tf.Tensor3D {
    return this.prompt.embed(cond, batch);
  }

  /** Ledger FLOPs of one training example (forward + backward, logits at all T positions). */
  trainingFlopsPerExample(): FlopCount {
    return transformerFlops(this.shape).training;
  }

  /** Ledger FLOPs of one forward pass of one example (what a MaskGIT sampling step costs per image). */
  forwardFlopsPerExample(): FlopCount {
    return transformerFlops(this.shape).forward;
  }

  /** Parameters the ledger counts for `shape`: equal to `parameterCount()` under every position scheme. */
  ledgerParameterCount(): number {
    return transformerParams(this.shape).total;
  }

  /** Prompts → conditioning at the objective's prompt length (the caller disposes `ids`). */
  condition(prompts: string[]): Conditioning {
    return this.prompt.condition(prompts);
  }

  /** n rows of the null prompt. */
  nullCondition(n: number): Conditioning {
    return this.prompt.nullCondition(n);
  }

  /** The sampling view for the MaskGIT sampler. */
  model(): MaskedTokenModel {
    this.#view ??= new MaskedView(this);
    return this.#view;
  }
}
