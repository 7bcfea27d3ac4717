/**
 * Lookup-free quantization (LFQ) — L. Yu et al., "Language Model Beats Diffusion — Tokenizer is Key to
 * Visual Generation" (MAGVIT-v2), arXiv:2310.05737, §3.1. Each of the k latent channels is quantized to its
 * sign, so the codebook is {−1, 1}^k (K = 2^k codes) and needs no lookup: q_i = sign(z_i), and the id is the
 * binary number Σ_i 2^i·1[z_i > 0] (channel i is bit i). Gradients pass straight through. An entropy penalty
 * keeps codes confident per sample and spread over the batch:
 *
 *   L_entropy = E_z[ H(p(·|z)) ] − H( E_z[ p(·|z) ] ),   p(c|z) = softmax_c(−‖z − c‖² / τ)
 *
 * Since ‖z − c‖² = ‖z‖² − 2·z·c + k for every c ∈ {−1, 1}^k, p(c|z) = softmax_c(2·z·c / τ).
 *
 * Notation: k = `bits` (= channels), τ = `temperature`, the two weights are `entropyWeight` (on the whole
 * penalty) and `diversityWeight` (on the batch-entropy term; 1 in the paper).
 */
import type { BottleneckContext, BottleneckOutput } from '@flopmatch/autoencoder';
import { type FlopCount, parseConfig, type RandomSource } from '@flopmatch/core';
import { linearFlops } from '@flopmatch/flops';
import { matmul } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { z as zod } from 'zod';
import { Quantizer } from './quantizer.js';
import { stopGradient, straightThrough } from './straight-through.js';

/** Options of `LookupFreeQuantizer` (also its serialisable config). */
export const LookupFreeQuantizerConfigSchema = zod.strictObject({
  type: zod.literal('vq:lookup-free').default('vq:lookup-free'),
  version: zod.literal(1).default(1),
  /** k: channels of the latent = bits per position; K = 2^k codes. 1–14. Default 9 (512 codes). */
  bits: zod.number().int().min(1).max(14).default(9),
  /** Weight of the entropy penalty. Default 0.1. */
  entropyWeight: zod.number().min(0).default(0.1),
  /** Weight of the batch (codebook) entropy inside the penalty. Default 1 (MAGVIT-v2). */
  diversityWeight: zod.number().min(0).default(1),
  /** τ of p(c|z). Default 1. */
  temperature: zod.number().positive().default(1),
  /** β of the commitment loss β·‖z − sg(q)‖². Default 0.25. */
  beta: zod.number().min(0).default(0.25),
});

/** A `LookupFreeQuantizer`'s config (parsed). */
export type LookupFreeQuantizerConfig = zod.output<typeof LookupFreeQuantizerConfigSchema>;
/** What a caller may pass. */
export type LookupFreeQuantizerOptions = zod.input<typeof LookupFreeQuantizerConfigSchema>;

/** Entropy (nats) of each row of probabilities given as log-probabilities [M, K] → [M]. */
function rowEntropy(logp: tf.Tensor2D): tf.Tensor1D {
  return tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), -1)) as tf.Tensor1D;
}

/**
 * @example
 * const lfq = new LookupFreeQuantizer({ bits: 9 });
 * lfq.ids(z); // z [N, 8, 8, 9] → ids [N, 8, 8] in [0, 512)
 */
export class LookupFreeQuantizer extends Quantizer {
  readonly config: LookupFreeQuantizerConfig;
  readonly codebookSize: number;
  readonly inChannels: number;
  readonly outChannels: number;
  /** Every code c ∈ {−1, 1}^k in id order [K, k] (row n: bit i of n → +1, else −1). */
  readonly #codes: tf.Tensor2D;
  /** 2^i per channel [k] (int32). */
  readonly #powers: tf.Tensor1D;

  constructor(options: LookupFreeQuantizerOptions = {}, _rng?: RandomSource) {
    super();
    this.config = parseConfig(LookupFreeQuantizerConfigSchema, options, 'LookupFreeQuantizer options');
    const k = this.config.bits;
    this.codebookSize = 2 ** k;
    this.inChannels = k;
    this.outChannels = k;
    const codes = new Float32Array(this.codebookSize * k);
    for (let n = 0; n < this.codebookSize; n++)
      for (let i = 0; i < k; i++) codes[n * k + i] = (n >> i) & 1 ? 1 : -1;
    this.#codes = tf.tensor2d(codes, [this.codebookSize, k]);
    this.#powers = tf.tensor1d(
      Array.from({ length: k }, (_, i) => 2 ** i),
      'int32',
    );
  }

  /** The codebook {−1, 1}^k in id order [K, k] (a copy). */
  codes(): tf.Tensor2D {
    return this.#codes.clone();
  }

  /** q = +1 where z > 0, else −1, as sign(sign(z) − ½) (ops with registered gradients, so q may sit on the tape). */
  #quantize(z: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sign(tf.sub(tf.sign(z), 0.5)));
  }

  /**
   * The entropy penalty's two terms for lookup vectors z [M, k]: mean per-sample entropy E[H(p(·|z))] and
   * the entropy of the mean distribution H(E[p]) (nats).
   */
  entropyTerms(z: tf.Tensor2D): { perSample: tf.Scalar; batch: tf.Scalar } {
    return tf.tidy(() => {
      const logits = tf.div(
        tf.mul(matmul(z, tf.transpose(this.#codes) as tf.Tensor2D), 2),
        this.config.temperature,
      ); // 2·z·c/τ [M, K]
      const logp = tf.logSoftmax(logits) as tf.Tensor2D; // log p(c|z)
      const perSample = tf.mean(rowEntropy(logp)) as tf.Scalar; // E[H(p(·|z))]
      const mean = tf.mean(tf.exp(logp), 0); // E[p] [K]
      const batch = tf.neg(tf.sum(tf.mul(mean, tf.log(tf.add(mean, 1e-10))))) as tf.Scalar; // H(E[p])
      return { perSample, batch };
    });
  }

  forward(z: tf.Tensor4D, context: BottleneckContext): BottleneckOutput {
    return tf.tidy(() => {
      const q = this.#quantize(z) as tf.Tensor4D;
      const losses: Record<string, tf.Scalar> = {};
      if (context.training) {
        const { beta, entropyWeight, diversityWeight } = this.config;
        losses.commitment = tf.mul(tf.mean(tf.square(tf.sub(z, stopGradient(q)))), beta) as tf.Scalar;
        if (entropyWeight > 0) {
          const { perSample, batch } = this.entropyTerms(tf.reshape(z, [-1, this.inChannels]) as tf.Tensor2D);
          // E[H(p)] − γ·H(E[p]), weighted
          losses.entropy = tf.mul(
            tf.sub(perSample, tf.mul(batch, diversityWeight)),
            entropyWeight,
          ) as tf.Scalar;
        }
      }
      return { latent: straightThrough(z, q), losses, ids: this.ids(z) };
    });
  }

  ids(z: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => {
      const bits = tf.cast(tf.greater(z, 0), 'int32'); // 1[z_i > 0]
      return tf.sum(tf.mul(bits, this.#powers), -1) as tf.Tensor3D; // Σ_i 2^i·1[z_i > 0]
    });
  }

  embed(ids: tf.Tensor3D): tf.Tensor4D {
    return tf.tidy(() => {
      const bits = tf.mod(tf.floorDiv(tf.expandDims(ids, -1), this.#powers), 2); // bit i of each id
      return tf.sub(tf.mul(tf.cast(bits, 'float32'), 2), 1) as tf.Tensor4D; // {0, 1} → {−1, 1}
    });
  }

  /** Sign quantization costs no counted FLOPs. */
  encodeFlopsPerPosition(): FlopCount {
    return { model: 0, executed: 0 };
  }

  /** The training forward adds the entropy penalty's product z·cᵀ (2·k·K per position). */
  override flopsPerPosition(): FlopCount {
    const f =
      this.config.entropyWeight > 0
        ? linearFlops({ tokens: 1, inFeatures: this.inChannels, outFeatures: this.codebookSize }).forward
            .model
        : 0;
    return { model: f, executed: f };
  }

  override dispose(): void {
    super.dispose();
    this.#codes.dispose();
    this.#powers.dispose();
  }
}
