/**
 * Vector quantization — A. van den Oord, O. Vinyals, K. Kavukcuoglu, "Neural Discrete Representation
 * Learning", arXiv:1711.00937: nearest-code assignment (§3.1, eq. (2)), the straight-through estimator and
 * the loss with codebook and commitment terms, β = 0.25 (§3.2, eq. (3)), and codebook updates by exponential
 * moving averages (App. A.1, eqs. (6)–(8)) with additive (Laplace) smoothing of the cluster sizes. Codes
 * unused for a while are restarted from encodings of the current batch (P. Dhariwal et al., "Jukebox",
 * arXiv:2005.00341, §2.3, "random restarts"). Optionally the lookup happens in a projected, l2-normalised
 * low-dimensional space (J. Yu et al., "Vector-quantized Image Modeling with Improved VQGAN" (ViT-VQGAN),
 * arXiv:2110.04627, §3.2 "factorized codes" and "l2-normalized codes"; LlamaGen, arXiv:2406.06525, §2.1).
 *
 * Notation (paper → code): z_e(x) → `z` (encoder output, C = `inChannels`), the lookup vector
 * z' = normalise(W_in·z) (d = `codebookDim`), e_k → row k of `codebook` [K, d], N_k → `cluster_size`,
 * m_k → `embed_sum`, γ → `emaDecay`, ε → `epsilon`.
 */

import type { BottleneckContext, BottleneckOutput } from '@flopmatch/autoencoder';
import type { FlopCount, RandomSource } from '@flopmatch/core';
import { parseConfig } from '@flopmatch/core';
import { linearFlops } from '@flopmatch/flops';
import { embedding, Linear, matmul } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { z as zod } from 'zod';
import { Quantizer } from './quantizer.js';
import { stopGradient, straightThrough } from './straight-through.js';

/** Options of `VectorQuantizer` (also its serialisable config, with `type` and `version`). */
export const VectorQuantizerConfigSchema = zod.strictObject({
  type: zod.literal('vq:vector').default('vq:vector'),
  version: zod.literal(1).default(1),
  /** Codebook size K. Default 512 (9 bits per position). */
  codebookSize: zod.number().int().min(2).default(512),
  /** Channels C of the encoder output and the decoder input. Default 8. */
  inChannels: zod.number().int().positive().default(8),
  /**
   * Dimension d of the lookup space. Default: `inChannels` (no projection). Smaller d adds learned linear
   * projections C → d → C (ViT-VQGAN's factorized codes; LlamaGen uses d = 8).
   */
  codebookDim: zod.number().int().positive().optional(),
  /** Compare l2-normalised vectors (cosine similarity; ViT-VQGAN, LlamaGen). Default false. */
  l2Normalize: zod.boolean().default(false),
  /** β of the commitment loss β·‖z' − sg(e)‖² (arXiv:1711.00937 §3.2). Default 0.25. */
  beta: zod.number().min(0).default(0.25),
  /**
   * `ema`: codes move by exponential moving averages of their assigned encodings (App. A.1); `gradient`:
   * codes are parameters trained by the codebook loss ‖sg(z') − e‖². Default `ema`.
   */
  codebookUpdate: zod.enum(['ema', 'gradient']).default('ema'),
  /** γ, the EMA decay of cluster sizes and sums. Default 0.99 (App. A.1). */
  emaDecay: zod.number().min(0).lt(1).default(0.99),
  /** ε of the Laplace smoothing of cluster sizes. Default 1e-5. */
  epsilon: zod.number().positive().default(1e-5),
  /**
   * Restart a code from a random encoding of the current batch when its EMA cluster size (assignments per
   * batch) is below this; a restarted code starts at 1. Cluster sizes start at 0, so the first update seeds
   * every code from the first batch. 0 disables restarts (codes then keep their random init). Default 0.05.
   */
  deadCodeThreshold: zod.number().min(0).default(0.05),
  /** Standard deviation of the initial codes. Default 1. */
  initStd: zod.number().positive().default(1),
});

/** A `VectorQuantizer`'s config (parsed). */
export type VectorQuantizerConfig = zod.output<typeof VectorQuantizerConfigSchema>;
/** What a caller may pass. */
export type VectorQuantizerOptions = zod.input<typeof VectorQuantizerConfigSchema>;

function l2normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), -1, true), 1e-12)))) as tf.Tensor2D;
}

/**
 * @example
 * const vq = new VectorQuantizer({ codebookSize: 512, inChannels: 8 }, rng);
 * const { latent, losses, ids } = vq.forward(z, { training: true, rng }); // z [N, 8, 8, 8]
 */
export class VectorQuantizer extends Quantizer {
  readonly config: VectorQuantizerConfig;
  readonly codebookSize: number;
  readonly inChannels: number;
  readonly outChannels: number;
  /** d. */
  readonly codebookDim: number;
  /** e [K, d]: a parameter (`gradient`) or a buffer (`ema`). */
  readonly codebook: tf.Variable;
  /** N_k [K]: EMA of assignments per batch, from 0 (kept in both modes, for dead-code restarts). */
  readonly clusterSize: tf.Variable;
  /** m_k [K, d]: EMA of the sums of assigned encodings (`ema` mode). */
  readonly embedSum: tf.Variable | undefined;
  readonly projectIn: Linear | undefined;
  readonly projectOut: Linear | undefined;

  constructor(options: VectorQuantizerOptions, rng: RandomSource) {
    super();
    this.config = parseConfig(VectorQuantizerConfigSchema, options, 'VectorQuantizer options');
    const c = this.config;
    this.codebookSize = c.codebookSize;
    this.inChannels = c.inChannels;
    this.outChannels = c.inChannels;
    this.codebookDim = c.codebookDim ?? c.inChannels;
    const K = c.codebookSize;
    const d = this.codebookDim;
    if (d !== c.inChannels) {
      this.projectIn = this.module(
        'project_in',
        new Linear(c.inChannels, d, { rng: rng.split('project_in'), init: 'xavier-uniform' }),
      );
      this.projectOut = this.module(
        'project_out',
        new Linear(d, c.inChannels, { rng: rng.split('project_out'), init: 'xavier-uniform' }),
      );
    }
    let init = tf.randomNormal(
      [K, d],
      0,
      c.initStd,
      'float32',
      rng.split('codebook').tfSeed(),
    ) as tf.Tensor2D;
    if (c.l2Normalize) {
      const n = l2normalize(init);
      init.dispose();
      init = n;
    }
    if (c.codebookUpdate === 'gradient') {
      this.codebook = this.param('codebook', init, { decay: false });
    } else {
      this.codebook = this.buffer('codebook', tf.variable(init, false));
      this.embedSum = this.buffer('embed_sum', tf.variable(tf.zeros([K, d]), false));
    }
    // N = 0: every code counts as dead at the first update, so the codebook starts at encodings of the first
    // batch (a data-dependent init) instead of the random draw.
    this.clusterSize = this.buffer('cluster_size', tf.variable(tf.zeros([K]), false));
  }

  /** z [N, h, w, C] → the lookup vectors z' [N·h·w, d] (projected, normalised). */
  lookupVectors(z: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      let v = tf.reshape(z, [-1, this.inChannels]) as tf.Tensor2D; // [M, C]
      if (this.projectIn) v = this.projectIn.forward(v) as tf.Tensor2D; // [M, d]
      return this.config.l2Normalize ? l2normalize(v) : v;
    });
  }

  /** The codes used for lookup [K, d] (normalised when `l2Normalize`). */
  codes(): tf.Tensor2D {
    return this.config.l2Normalize
      ? l2normalize(this.codebook as tf.Tensor2D)
      : (this.codebook.clone() as tf.Tensor2D);
  }

  /** Nearest code of each row of v [M, d]: argmin_k ‖v − e_k‖² (eq. (2)), int32 [M]. */
  nearest(v: tf.Tensor2D, codes: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      // ‖v − e‖² = ‖v‖² − 2·v·eᵀ + ‖e‖²; ‖v‖² is the same for every k and dropped.
      const dots = matmul(v, tf.transpose(codes) as tf.Tensor2D); // [M, K]
      const dist = tf.sub(tf.sum(tf.square(codes), -1), tf.mul(dots, 2)); // [M, K]
      return tf.argMin(dist, -1) as tf.Tensor1D; // eq. (2)
    });
  }

  forward(z: tf.Tensor4D, context: BottleneckContext): BottleneckOutput {
    return tf.tidy(() => {
      const [N, h, w] = z.shape;
      const v = this.lookupVectors(z); // z' [M, d]
      const codes = this.codes();
      const ids = this.nearest(v, codes); // k [M]
      const q = embedding(codes, ids) as tf.Tensor2D; // e_k for each row [M, d]
      const losses: Record<string, tf.Scalar> = {};
      if (context.training) {
        // eq. (3): β‖z' − sg(e)‖² (commitment) + ‖sg(z') − e‖² (codebook, gradient mode only)
        losses.commitment = tf.mul(
          tf.mean(tf.square(tf.sub(v, stopGradient(q)))),
          this.config.beta,
        ) as tf.Scalar;
        if (this.config.codebookUpdate === 'gradient') {
          losses.codebook = tf.mean(tf.square(tf.sub(stopGradient(v), q))) as tf.Scalar;
        }
      }
      let out: tf.Tensor = straightThrough(v, q); // decoder sees e_k, the encoder gets its gradient
      if (this.projectOut) out = this.projectOut.forward(out);
      return {
        latent: tf.reshape(out, [N, h, w, this.outChannels]) as tf.Tensor4D,
        losses,
        ids: tf.reshape(ids, [N, h, w]) as tf.Tensor3D,
      };
    });
  }

  ids(z: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => {
      const [N, h, w] = z.shape;
      return tf.reshape(this.nearest(this.lookupVectors(z), this.codes()), [N, h, w]) as tf.Tensor3D;
    });
  }

  embed(ids: tf.Tensor3D): tf.Tensor4D {
    return tf.tidy(() => {
      const [N, h, w] = ids.shape;
      let out: tf.Tensor = embedding(this.codes(), tf.reshape(ids, [-1]));
      if (this.projectOut) out = this.projectOut.forward(out);
      return tf.reshape(out, [N, h, w, this.outChannels]) as tf.Tensor4D;
    });
  }

  /**
   * EMA codebook update from this step's encodings (App. A.1), then dead-code restarts. Returns the number
   * of restarted codes and the batch's code usage.
   */
  override update(z: tf.Tensor4D, rng: RandomSource): Record<string, number> {
    const { emaDecay: g, epsilon: eps, deadCodeThreshold } = this.config;
    const K = this.codebookSize;
    const v = this.lookupVectors(z); // [M, d]
    const ids = this.nearest(v, this.codes());
    const onehot = tf.oneHot(ids, K); // [M, K]
    const counts = tf.sum(onehot, 0); // n_k [K]
    const batchUsed = tf.tidy(() => tf.sum(tf.cast(tf.greater(counts, 0), 'float32')).dataSync()[0]!);
    tf.tidy(() => {
      this.clusterSize.assign(tf.add(tf.mul(this.clusterSize, g), tf.mul(counts, 1 - g))); // eq. (6): N ← γN + (1 − γ)n
      if (this.embedSum) {
        const sums = matmul(tf.transpose(onehot) as tf.Tensor2D, v); // Σ of assigned z' per code [K, d]
        this.embedSum.assign(tf.add(tf.mul(this.embedSum, g), tf.mul(sums, 1 - g))); // eq. (7): m ← γm + (1 − γ)Σz'
        const total = tf.sum(this.clusterSize);
        const smoothed = tf.mul(tf.div(tf.add(this.clusterSize, eps), tf.add(total, K * eps)), total); // Laplace
        this.codebook.assign(tf.div(this.embedSum, tf.expandDims(smoothed, 1))); // eq. (8): e = m / N
      }
    });
    const restarted = deadCodeThreshold > 0 ? this.#restartDeadCodes(v, rng) : 0;
    tf.dispose([v, ids, onehot, counts]);
    return { restartedCodes: restarted, batchCodesUsed: batchUsed };
  }

  /** Codes with N_k < threshold get a random encoding of the batch: e_k = m_k = z'_j, N_k = 1. */
  #restartDeadCodes(v: tf.Tensor2D, rng: RandomSource): number {
    const sizes = this.clusterSize.dataSync();
    const dead: number[] = [];
    for (let k = 0; k < sizes.length; k++) if (sizes[k]! < this.config.deadCodeThreshold) dead.push(k);
    if (dead.length === 0) return 0;
    const M = v.shape[0];
    const picks = dead.map(() => rng.int(M));
    tf.tidy(() => {
      const rows = tf.gather(v, tf.tensor1d(picks, 'int32')); // [D, d]
      const idx = tf.tensor2d(dead, [dead.length, 1], 'int32');
      const mask = tf.scatterND(idx, tf.ones([dead.length]), [this.codebookSize]); // 1 at dead codes
      const keep = tf.sub(1, mask);
      const placed = tf.scatterND(idx, rows, this.codebook.shape); // new rows at dead codes, 0 elsewhere
      const blend = (t: tf.Variable, fresh: tf.Tensor) =>
        t.assign(tf.add(tf.mul(t, tf.expandDims(keep, 1)), fresh));
      blend(this.codebook, placed);
      if (this.embedSum) blend(this.embedSum, placed);
      this.clusterSize.assign(tf.add(tf.mul(this.clusterSize, keep), mask));
    });
    return dead.length;
  }

  /** Projection in (if any) and the distance product v·eᵀ (2·d·K). */
  encodeFlopsPerPosition(): FlopCount {
    const d = this.codebookDim;
    let f = linearFlops({ tokens: 1, inFeatures: d, outFeatures: this.codebookSize }).forward.model; // v·eᵀ
    if (this.projectIn)
      f += linearFlops({ tokens: 1, inFeatures: this.inChannels, outFeatures: d, bias: true }).forward.model;
    return { model: f, executed: f };
  }

  /** The code lookup (0) and projection out (if any). */
  override decodeFlopsPerPosition(): FlopCount {
    const f = this.projectOut
      ? linearFlops({ tokens: 1, inFeatures: this.codebookDim, outFeatures: this.inChannels, bias: true })
          .forward.model
      : 0;
    return { model: f, executed: f };
  }
}
