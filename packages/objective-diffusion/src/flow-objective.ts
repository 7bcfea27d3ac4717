/**
 * Flow matching with the rectified-flow path (SD3) on continuous VAE latents, the caption as a prefix of
 * the shared backbone.
 *
 * Papers: Esser et al., "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis" (SD3),
 * arXiv:2403.03206, §2 (simulation-free flow matching: regress the network on the conditional velocity) and
 * §3.1 (rectified flow z_t = (1 − t)·x_0 + t·ε, velocity target ε − x_0; logit-normal t); Lipman et al.,
 * "Flow Matching for Generative Modeling", arXiv:2210.02747, §4 (the conditional flow-matching loss);
 * Peebles & Xie (DiT), arXiv:2212.09748, §3.2 (patch-in, zero-initialised patch-out, timestep MLP, in-context
 * and adaLN-Zero conditioning); the study, Kilian et al., arXiv:2405.13218.
 *
 * Notation (SD3's): x_0 data latent [N, h, w, c], ε ~ N(0, I), t ∈ (0, 1) with t = 1 pure noise, z_t the
 * noised latent (`xt`), v the velocity the network predicts. T = (h/p)·(w/p) patch tokens, L prompt tokens,
 * d width. In `timestep-token` mode the sequence is [prompt (L) ; timestep (1) ; patches (T)], else
 * [prompt ; patches] with the timestep embedding as the adaLN input.
 */
import {
  type Conditioning,
  type FlopCount,
  type FlowModel,
  type LatentBatch,
  type Objective,
  type PromptTokenizer,
  type RandomSource,
  Rng,
} from '@flopmatch/core';
import { type TransformerShape, transformerFlops, transformerParams } from '@flopmatch/flops';
import { Linear, Module, ShapeError } from '@flopmatch/nn';
import { PromptConditioner } from '@flopmatch/text';
import {
  backboneConfig,
  expectBatchKind,
  ledgerShape,
  loadNamedModule,
  saveNamedWeights,
  Transformer,
  trainingConditioning,
} from '@flopmatch/transformer';
import * as tf from '@tensorflow/tfjs-core';
import { type FlowConfig, type FlowConfigInput, parseFlowConfig } from './flow-config.js';
import { FlowView } from './flow-model.js';
import { sampleLogitNormal } from './logit-normal.js';
import { patchify, unpatchify } from './patchify.js';
import { TimestepEmbedder } from './timestep-embedding.js';

/** Runtime-only inputs of a `FlowObjective` (not part of its config). */
export interface FlowObjectiveOptions {
  /** The prompt tokenizer; its vocabSize must equal `promptVocab`. Required. */
  tokenizer: PromptTokenizer;
  /** Seeds every initial weight. Required. */
  rng: RandomSource;
}

/** What one training loss drew and computed (for inspection and tests). */
export interface FlowTrainingDraw {
  /** t per example. */
  t: Float32Array;
  /** Seed of the tfjs normal draw of ε. */
  noiseSeed: number;
}

/**
 * The flow-matching objective: `loss` for training, `model()` (a `FlowModel`) for the Euler/Heun samplers.
 *
 * @example
 * const objective = new FlowObjective({ backbone: { layers: 2, width: 64, heads: 4 },
 *   latent: { height: 8, width: 8, channels: 4 }, promptVocab: tokenizer.vocabSize }, { tokenizer, rng: new Rng(0) });
 * const loss = objective.loss({ kind: 'continuous', latents, cond }, rng.split(step));
 */
export class FlowObjective extends Module implements Objective {
  readonly specVersion = 'v1' as const;
  readonly id = 'objective:flow';
  readonly latentKind = 'continuous' as const;
  readonly config: FlowConfig;
  /** The caption: tokenizer, prefix embedding and null prompt (`@flopmatch/text`). */
  readonly prompt: PromptConditioner;
  /** Linear patch-in p²c → d. */
  readonly patchIn: Linear;
  /** Sinusoids → MLP: the timestep's vector c [N, d]. */
  readonly timestep: TimestepEmbedder;
  readonly backbone: Transformer;
  /** Linear patch-out d → p²c, zero-initialised (DiT §3.2), so v = 0 at initialisation. */
  readonly patchOut: Linear;
  /** Patch tokens T. */
  readonly tokenLength: number;
  /** One forward pass as the FLOP ledger prices it. */
  readonly shape: TransformerShape;
  #view: FlowView | undefined;

  constructor(config: FlowConfigInput, options: FlowObjectiveOptions) {
    super();
    this.config = parseFlowConfig(config);
    const { tokenizer, rng } = options;
    const { latent, patchSize: p, timestep } = this.config;
    const grid = { height: latent.height / p, width: latent.width / p };
    this.tokenLength = grid.height * grid.width;
    const features = p * p * latent.channels;
    const backbone = backboneConfig(
      this.config.backbone,
      grid,
      timestep.mode === 'timestep-token' ? 'none' : timestep.mode,
    );
    const d = backbone.width;
    this.prompt = this.module(
      'prompt',
      new PromptConditioner(this.config, {
        tokenizer,
        dim: d,
        rng: rng.split('prompt'),
        source: 'objective:flow config',
        name: 'FlowObjective',
      }),
    );
    this.patchIn = this.module(
      'patch_in',
      new Linear(features, d, { rng: rng.split('patch_in'), init: 'xavier-uniform' }),
    );
    this.timestep = this.module(
      'timestep',
      new TimestepEmbedder(d, {
        frequencyDim: timestep.frequencyDim,
        scale: timestep.scale,
        rng: rng.split('timestep'),
      }),
    );
    this.backbone = this.module('backbone', new Transformer(backbone, rng.split('backbone')));
    this.patchOut = this.module(
      'patch_out',
      new Linear(d, features, { rng: rng.split('patch_out'), init: 'zeros' }),
    );
    this.shape = ledgerShape(backbone, {
      promptLength: this.config.promptLength,
      promptVocab: this.config.promptVocab,
      tokenLength: this.tokenLength,
      mask: 'bidirectional',
      input: { kind: 'linear', features, bias: true },
      output: { features, bias: true },
      timestep: { mode: timestep.mode, frequencyDim: timestep.frequencyDim },
    });
  }

  /** The prompt tokenizer (`prompt.tokenizer`). */
  get tokenizer(): PromptTokenizer {
    return this.prompt.tokenizer;
  }

  /** Rebuilds an objective from its saved `.config`, with fresh weights from `options.rng`. */
  static fromConfig(config: unknown, options: FlowObjectiveOptions): FlowObjective {
    return new FlowObjective(parseFlowConfig(config), options);
  }

  /** Loads an objective saved with `save`: its config from the file's metadata, then its weights. */
  static load(
    path: string,
    options: Pick<FlowObjectiveOptions, 'tokenizer'> & Partial<FlowObjectiveOptions>,
  ): Promise<FlowObjective> {
    return loadNamedModule(
      path,
      (config, source) => new FlowObjective(parseFlowConfig(config, source), { rng: new Rng(0), ...options }),
    );
  }

  /** Writes every weight and the config to one safetensors file (atomically). */
  async save(path: string): Promise<void> {
    await saveNamedWeights(path, this.namedVariables(), this.config);
  }

  /** The random draws `loss` makes from `rng`: t (logit-normal, stream `t`) and the seed of ε (stream `noise`). */
  draws(n: number, rng: RandomSource): FlowTrainingDraw {
    return {
      t: sampleLogitNormal(n, this.config.timeSampling, rng.split('t')),
      noiseSeed: rng.split('noise').tfSeed(),
    };
  }

  /**
   * Rectified-flow matching loss: t ~ logit-normal, ε ~ N(0, I), z_t = (1 − t)·x_0 + t·ε, and the mean
   * squared error between v(z_t, t | c) and ε − x_0 over every latent entry. With `training` (the default)
   * prompts are replaced by the null prompt with probability `conditioningDropout`.
   */
  loss(batch: LatentBatch, rng: RandomSource, training = true): tf.Scalar {
    expectBatchKind(batch, 'continuous', 'FlowObjective.loss');
    const x0 = batch.latents;
    this.#checkLatents(x0, 'FlowObjective.loss');
    const N = x0.shape[0];
    const { t, noiseSeed } = this.draws(N, rng);
    return tf.tidy(() => {
      const cond = trainingConditioning(batch.cond, training, {
        rate: this.config.conditioningDropout,
        nullIds: this.prompt.nullIds,
        rng: rng.split('conditioning-dropout'),
      });
      const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', noiseSeed) as tf.Tensor4D; // ε ~ N(0, I)
      const tt = tf.tensor1d(t);
      const t4 = tf.reshape(tt, [N, 1, 1, 1]);
      const xt = tf.add(tf.mul(tf.sub(1, t4), x0), tf.mul(t4, eps)) as tf.Tensor4D; // §3.1: z_t = (1 − t)·x_0 + t·ε
      const target = tf.sub(eps, x0); // §3.1: the RF velocity dz_t/dt = ε − x_0
      const v = this.velocity(xt, tt, cond);
      return tf.mean(tf.square(tf.sub(v, target))) as tf.Scalar; // §2: E‖v_Θ(z_t, t) − (ε − x_0)‖²
    });
  }

  /** v(z_t, t | c): z_t [N, h, w, c], t [N] in [0, 1] → velocity [N, h, w, c]. */
  velocity(xt: tf.Tensor4D, t: tf.Tensor1D, cond: Conditioning): tf.Tensor4D {
    this.#checkLatents(xt, 'FlowModel.velocity');
    const N = xt.shape[0];
    if (t.rank !== 1 || t.shape[0] !== N) {
      throw new ShapeError(
        'FlowModel.velocity',
        `t [${t.shape}] is not [${N}]`,
        'pass one timestep per latent',
      );
    }
    const { latent, patchSize: p, timestep } = this.config;
    return tf.tidy(() => {
      const tokens = this.patchIn.forward(patchify(xt, p)) as tf.Tensor3D; // [N, T, d]
      const c = this.timestep.forward(t); // [N, d]
      let prefix = this.embedPrompt(cond, N); // [N, L, d]
      if (timestep.mode === 'timestep-token') {
        prefix = tf.concat([prefix, tf.reshape(c, [N, 1, this.backbone.width])], 1) as tf.Tensor3D; // [N, L + 1, d]
      }
      const h = this.backbone.forward({
        prefix,
        tokens,
        mask: 'bidirectional',
        ...(timestep.mode === 'timestep-token' ? {} : { modulation: c }),
      }); // [N, T, d]
      return unpatchify(
        this.patchOut.forward(h) as tf.Tensor3D,
        latent.height,
        latent.width,
        latent.channels,
        p,
      );
    });
  }

  /** The caption prefix [N, L, d] of a conditioning (ids [N, L]). */
  embedPrompt(cond: Conditioning, batch: number): tf.Tensor3D {
    return this.prompt.embed(cond, batch);
  }

  /** Ledger FLOPs of one training example (forward + backward, timestep MLP and heads included). */
  trainingFlopsPerExample(): FlopCount {
    return transformerFlops(this.shape).training;
  }

  /** Ledger FLOPs of one forward pass of one example (one `velocity` evaluation per image). */
  forwardFlopsPerExample(): FlopCount {
    return transformerFlops(this.shape).forward;
  }

  /**
   * Parameters the ledger counts for `shape`: equal to `parameterCount()` in every timestep mode and position
   * scheme (the prompt's own learned positions and a timestep token without a position are in the shape).
   */
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

  /** The sampling view for the flow samplers. */
  model(): FlowModel {
    this.#view ??= new FlowView(this);
    return this.#view;
  }

  #checkLatents(x: tf.Tensor, where: string): void {
    const { height, width, channels } = this.config.latent;
    if (x.rank !== 4 || x.shape[1] !== height || x.shape[2] !== width || x.shape[3] !== channels) {
      throw new ShapeError(
        where,
        `latents [${x.shape}] are not [N, ${height}, ${width}, ${channels}]`,
        'encode with the codec this objective was built for',
      );
    }
  }
}
