/**
 * A small but real flow-matching `Objective` test double (rectified flow, SD3 arXiv:2403.03206 §2):
 * x_t = (1 − t)·x₀ + t·ε, a 2-layer MLP on [x_t, t, mean prompt embedding] predicts v = ε − x₀, loss =
 * mean squared error. It draws t and ε from the step's random stream, so resume tests check that the stream
 * continues exactly. FLOPs from the ledger (`@flopmatch/flops`).
 */
import type {
  Conditioning,
  FlopCount,
  FlowModel,
  LatentBatch,
  LatentShape,
  Objective,
  PromptTokenizer,
  RandomSource,
} from '@flopmatch/core';
import { Rng, scaleFlops } from '@flopmatch/core';
import { addCosts, embeddingFlops, linearFlops, type OpCost, trainingFlops } from '@flopmatch/flops';
import { Embedding, gelu, Linear, Module } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';

/** Sizes of the tiny flow model. */
export interface TinyFlowConfig {
  latentShape: LatentShape;
  promptLength: number;
  /** Prompt embedding width E. Default 4. */
  embed?: number;
  /** Hidden width H. Default 32. */
  hidden?: number;
  /** Weight seed. Default 0. */
  seed?: number;
}

/** The rectified-flow test objective. */
export class TinyFlowObjective extends Module implements Objective {
  readonly specVersion = 'v1' as const;
  readonly id = 'objective:tiny-flow';
  readonly latentKind = 'continuous' as const;
  readonly config: Readonly<Record<string, unknown>>;
  readonly #tok: Embedding;
  readonly #fc1: Linear;
  readonly #fc2: Linear;
  readonly #d: number;
  readonly #shape: LatentShape;
  readonly #L: number;
  readonly #tokenizer: PromptTokenizer;

  constructor(tokenizer: PromptTokenizer, c: TinyFlowConfig) {
    super();
    const { height, width, channels } = c.latentShape;
    const E = c.embed ?? 4;
    const H = c.hidden ?? 32;
    this.#d = height * width * channels;
    this.#shape = c.latentShape;
    this.#L = c.promptLength;
    this.#tokenizer = tokenizer;
    this.config = Object.freeze({
      type: 'objective:tiny-flow',
      version: 1,
      ...c,
      embed: E,
      hidden: H,
      seed: c.seed ?? 0,
    });
    const rng = new Rng(`tiny-flow/${c.seed ?? 0}`);
    this.#tok = this.module(
      'tok',
      new Embedding(tokenizer.vocabSize, E, { rng: rng.split('tok'), std: 0.5 }),
    );
    this.#fc1 = this.module('fc1', new Linear(this.#d + 1 + E, H, { rng: rng.split('fc1'), std: 0.3 }));
    this.#fc2 = this.module('fc2', new Linear(H, this.#d, { rng: rng.split('fc2'), std: 0.1 }));
  }

  /** v̂(x_t, t | prompt ids): [N, D], [N, 1], [N, L] → [N, D]. */
  #velocity(xt: tf.Tensor2D, t: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor2D {
    const e = tf.mean(this.#tok.forward(ids), 1); // [N, E]
    const h = gelu(this.#fc1.forward(tf.concat([xt, t, e], 1)));
    return this.#fc2.forward(h) as tf.Tensor2D;
  }

  loss(batch: LatentBatch, rng: RandomSource, _training?: boolean): tf.Scalar {
    if (batch.kind !== 'continuous') throw new Error('tiny-flow trains on continuous latents');
    return tf.tidy(() => {
      const n = batch.latents.shape[0];
      const x0 = tf.reshape(batch.latents, [n, this.#d]) as tf.Tensor2D;
      const t = tf.randomUniform([n, 1], 0, 1, 'float32', rng.tfSeed()) as tf.Tensor2D;
      const eps = tf.randomNormal([n, this.#d], 0, 1, 'float32', rng.tfSeed()) as tf.Tensor2D;
      const xt = tf.add(tf.mul(tf.sub(1, t), x0), tf.mul(t, eps)) as tf.Tensor2D; // x_t = (1 − t)x₀ + tε
      const v = this.#velocity(xt, t, batch.cond.ids);
      return tf.mean(tf.square(tf.sub(v, tf.sub(eps, x0)))) as tf.Scalar; // ‖v̂ − (ε − x₀)‖²
    });
  }

  /** Forward and backward cost of one example, from the ledger. */
  cost(): OpCost {
    const E = this.config.embed as number;
    const H = this.config.hidden as number;
    return addCosts(
      embeddingFlops({ tokens: this.#L, vocab: this.#tokenizer.vocabSize, width: E }),
      linearFlops({ tokens: 1, inFeatures: this.#d + 1 + E, outFeatures: H, bias: true }),
      linearFlops({ tokens: 1, inFeatures: H, outFeatures: this.#d, bias: true }),
    );
  }

  trainingFlopsPerExample(): FlopCount {
    return trainingFlops(this.cost());
  }

  model(): FlowModel {
    const condition = (prompts: string[], isNull = false): Conditioning => ({
      ids: tf.tensor2d(
        prompts.map(
          (p) => (isNull ? this.#tokenizer.nullPrompt(this.#L) : this.#tokenizer.encodeFixed(p, this.#L)).ids,
        ),
        [prompts.length, this.#L],
        'int32',
      ),
      isNull: prompts.map(() => isNull),
    });
    const forward = this.cost().forward;
    return {
      specVersion: 'v1',
      kind: 'flow',
      latentShape: this.#shape,
      condition: (prompts) => condition(prompts),
      nullCondition: (n) =>
        condition(
          Array.from({ length: n }, () => ''),
          true,
        ),
      velocity: (xt, t, cond) =>
        tf.tidy(() => {
          const n = xt.shape[0];
          const v = this.#velocity(
            tf.reshape(xt, [n, this.#d]) as tf.Tensor2D,
            tf.reshape(t, [n, 1]) as tf.Tensor2D,
            cond.ids,
          );
          return tf.reshape(v, xt.shape) as tf.Tensor4D;
        }),
      callFlops: (n) => scaleFlops(forward, n),
    };
  }
}
