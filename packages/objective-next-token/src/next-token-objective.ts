/**
 * Raster-order next-token prediction over discrete VQ ids, the caption as a prefix of the shared backbone.
 *
 * Papers: Radford et al. 2018, "Improving Language Understanding by Generative Pre-Training", §3.1, eq. (1)
 * (maximise Σ_i log P(u_i | u_<i)); Esser et al., "Taming Transformers" (VQGAN), arXiv:2012.09841, §3.2
 * (autoregressive prediction of codebook indices in raster order); Sun et al., LlamaGen, arXiv:2406.06525,
 * §2.2 (condition tokens as the prefix of the sequence); the study, Kilian et al., arXiv:2405.13218 (one
 * backbone for all objectives).
 *
 * Notation: N batch, h × w latent grid, T = h·w image tokens, K codebook size, L prompt tokens, d width.
 * The sequence is [prompt (L) ; SOI ; s_0 … s_{T−2}] under the causal mask, where SOI is a learned
 * start-of-image token (row K of the token table); the hidden state at SOI predicts s_0 and the one at s_i
 * predicts s_{i+1} (teacher forcing), so logits at all T image positions come from one pass.
 */
import {
  type Conditioning,
  type FlopCount,
  type LatentBatch,
  type NextTokenModel,
  type Objective,
  type PromptTokenizer,
  type RandomSource,
  Rng,
} from '@flopmatch/core';
import { decodeSchedule, type TransformerShape, transformerFlops, transformerParams } from '@flopmatch/flops';
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
import {
  type NextTokenConfig,
  type NextTokenConfigInput,
  parseNextTokenConfig,
} from './next-token-config.js';
import { NextTokenView } from './next-token-model.js';

/** Runtime-only inputs of a `NextTokenObjective` (not part of its config). */
export interface NextTokenObjectiveOptions {
  /** The prompt tokenizer (`@flopmatch/text`'s BPE or any `PromptTokenizer`); its vocabSize must equal `promptVocab`. Required. */
  tokenizer: PromptTokenizer;
  /** Seeds every initial weight. Required (default `new Rng(0)` only in `load`, whose weights are overwritten). */
  rng: RandomSource;
}

/** Per-example ledger prices of the decode: prefill and the step producing each image position. */
interface DecodePrices {
  prefill: FlopCount;
  steps: FlopCount[];
}

/**
 * The next-token objective: `loss` for training, `model()` for the KV-cached sampler.
 *
 * @example
 * const objective = new NextTokenObjective({ backbone: { layers: 2, width: 64, heads: 4 }, grid: { height: 8, width: 8 },
 *   codebookSize: 512, promptVocab: tokenizer.vocabSize }, { tokenizer, rng: new Rng(0) });
 * const { value, grads } = valueAndGrads(() => objective.loss(batch, rng.split(step)), objective.namedVariables());
 */
export class NextTokenObjective extends Module implements Objective {
  readonly specVersion = 'v1' as const;
  readonly id = 'objective:next-token';
  readonly latentKind = 'discrete' as const;
  readonly config: NextTokenConfig;
  /** The caption: tokenizer, token + position tables and null prompt (`@flopmatch/text`). */
  readonly prompt: PromptConditioner;
  /** Image-token table [K + 1, d]; row K is the start-of-image token. */
  readonly tokens: Embedding;
  readonly backbone: Transformer;
  /** Logit head Linear(d, K). */
  readonly head: Linear;
  /** Image tokens T = h·w. */
  readonly tokenLength: number;
  /** Id of the start-of-image token (= K). */
  readonly startId: number;
  /** The training pass as the FLOP ledger prices it (prompt L, tokens T, causal, input table K + 1, head K). */
  readonly shape: TransformerShape;
  readonly #decode: DecodePrices;
  #view: NextTokenView | undefined;

  constructor(config: NextTokenConfigInput, options: NextTokenObjectiveOptions) {
    super();
    this.config = parseNextTokenConfig(config);
    const { tokenizer, rng } = options;
    const { grid, codebookSize: K, headBias } = this.config;
    this.tokenLength = grid.height * grid.width;
    this.startId = K;
    const backbone = backboneConfig(this.config.backbone, grid, 'none');
    const d = backbone.width;
    this.prompt = this.module(
      'prompt',
      new PromptConditioner(this.config, {
        tokenizer,
        dim: d,
        rng: rng.split('prompt'),
        source: 'objective:next-token config',
        name: 'NextTokenObjective',
      }),
    );
    this.tokens = this.module('tokens', new Embedding(K + 1, d, { rng: rng.split('tokens') }));
    this.backbone = this.module('backbone', new Transformer(backbone, rng.split('backbone')));
    this.head = this.module('head', new Linear(d, K, { rng: rng.split('head'), bias: headBias }));
    this.shape = ledgerShape(backbone, {
      promptLength: this.config.promptLength,
      promptVocab: this.config.promptVocab,
      tokenLength: this.tokenLength,
      mask: 'causal',
      input: { kind: 'embedding', vocab: K + 1 },
      output: { features: K, bias: headBias },
    });
    // Decoding appends SOI then s_0 … s_{T−2}: the ledger's schedule for T + 1 tokens, whose step k + 1
    // (query at position L + k, L + k + 1 keys) is our step k; its step 0 (head on the last prompt position)
    // is never run.
    const schedule = decodeSchedule({ ...this.shape, tokenLength: this.tokenLength + 1 });
    this.#decode = { prefill: schedule.prefill, steps: schedule.steps.slice(1) };
  }

  /** The prompt tokenizer (`prompt.tokenizer`). */
  get tokenizer(): PromptTokenizer {
    return this.prompt.tokenizer;
  }

  /** Rebuilds an objective from its saved `.config`, with fresh weights from `options.rng`. */
  static fromConfig(config: unknown, options: NextTokenObjectiveOptions): NextTokenObjective {
    return new NextTokenObjective(parseNextTokenConfig(config), options);
  }

  /** Loads an objective saved with `save`: its config from the file's metadata, then its weights. */
  static load(
    path: string,
    options: Pick<NextTokenObjectiveOptions, 'tokenizer'> & Partial<NextTokenObjectiveOptions>,
  ): Promise<NextTokenObjective> {
    return loadNamedModule(
      path,
      (config, source) =>
        new NextTokenObjective(parseNextTokenConfig(config, source), { rng: new Rng(0), ...options }),
    );
  }

  /** Writes every weight and the config to one safetensors file (atomically). */
  async save(path: string): Promise<void> {
    await saveNamedWeights(path, this.namedVariables(), this.config);
  }

  /**
   * Mean cross-entropy over all T image positions (teacher forcing), GPT-1 eq. (1). With `training` (the
   * default) prompts are replaced by the null prompt with probability `conditioningDropout`.
   */
  loss(batch: LatentBatch, rng: RandomSource, training = true): tf.Scalar {
    expectBatchKind(batch, 'discrete', 'NextTokenObjective.loss');
    checkTokenGrid(batch.ids, this.config.grid, 'NextTokenObjective.loss');
    const N = batch.ids.shape[0];
    const T = this.tokenLength;
    return tf.tidy(() => {
      const cond = trainingConditioning(batch.cond, training, {
        rate: this.config.conditioningDropout,
        nullIds: this.prompt.nullIds,
        rng: rng.split('conditioning-dropout'),
      });
      const targets = tf.cast(tf.reshape(batch.ids, [N, T]), 'int32') as tf.Tensor2D; // s_0 … s_{T−1}
      const previous = T > 1 ? tf.slice(targets, [0, 0], [N, T - 1]) : tf.zeros([N, 0], 'int32');
      const logits = this.logits(previous as tf.Tensor2D, cond); // [N, T, K]
      return tokenCrossEntropy(logits, targets, { labelSmoothing: this.config.labelSmoothing }); // eq. (1)
    });
  }

  /**
   * Logits for image positions 0 … t from ids s_0 … s_{t−1} [N, t] (t < T): [N, t + 1, K], one causal pass
   * over [prompt ; SOI ; ids].
   */
  logits(ids: tf.Tensor2D, cond: Conditioning): tf.Tensor3D {
    const [N, t] = ids.shape;
    if (ids.rank !== 2 || t > this.tokenLength - 1) {
      throw new ShapeError(
        'NextTokenObjective.logits',
        `ids [${ids.shape}] must be [N, t] with t < T = ${this.tokenLength}`,
        'pass the tokens decoded so far (at most T − 1)',
      );
    }
    return tf.tidy(() => {
      const start = tf.fill([N, 1], this.startId, 'int32') as tf.Tensor2D;
      const input = t > 0 ? (tf.concat([start, tf.cast(ids, 'int32')], 1) as tf.Tensor2D) : start; // [SOI, s_0 … s_{t−1}]
      const h = this.backbone.forward({
        prefix: this.embedPrompt(cond, N),
        tokens: this.tokens.forward(input) as tf.Tensor3D, // [N, t + 1, d]
        mask: 'causal',
      });
      return this.head.forward(h) as tf.Tensor3D; // [N, t + 1, K]
    });
  }

  /** The caption prefix [N, L, d] of a conditioning (ids [N, L]). */
  embedPrompt(cond: Conditioning, batch: number): tf.Tensor3D {
    return this.prompt.embed(cond, batch);
  }

  /** Ledger FLOPs of one training example (forward + backward of the pass `shape` describes). */
  trainingFlopsPerExample(): FlopCount {
    return transformerFlops(this.shape).training;
  }

  /**
   * Parameters the ledger counts for `shape`: equal to `parameterCount()` under every position scheme (the
   * shape gives the prompt its own learned L·d table, as `@flopmatch/text` keeps one).
   */
  ledgerParameterCount(): number {
    return transformerParams(this.shape).total;
  }

  /** @internal per-example decode prices (prefill, then the step producing each image position). */
  decodePrices(): DecodePrices {
    return this.#decode;
  }

  /** Prompts → conditioning at the objective's prompt length (the caller disposes `ids`). */
  condition(prompts: string[]): Conditioning {
    return this.prompt.condition(prompts);
  }

  /** n rows of the null prompt. */
  nullCondition(n: number): Conditioning {
    return this.prompt.nullCondition(n);
  }

  /** The sampling view: KV-cached `start`/`next`, exact `stepFlops`. */
  model(): NextTokenModel {
    this.#view ??= new NextTokenView(this);
    return this.#view;
  }
}
