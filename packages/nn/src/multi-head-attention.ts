/**
 * Multi-head self-attention — A. Vaswani et al., "Attention Is All You Need", arXiv:1706.03762, §3.2.2:
 * MultiHead(X) = Concat(head_1, …, head_H)·W_O with head_h = Attention(X·W_Q^h, X·W_K^h, X·W_V^h).
 * Q, K and V come from one fused [C, 3C] projection (`qkv`), as in GPT-2.
 *
 * Legend: B batch, T positions, C model width, H heads, D = C/H head width.
 */
import { parseConfig, type RandomSource } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { type AttentionMask, scaledDotProductAttention } from './attention.js';
import { OptionError, ShapeError } from './errors.js';
import type { WeightInit } from './init.js';
import { splitHeads3 } from './kernels/ops.js';
import { Linear } from './linear.js';
import { linear } from './matmul.js';
import { Module } from './module.js';

/** Options of `MultiHeadAttention`. */
export interface MultiHeadAttentionOptions {
  /** Source of the initial weights. Required. */
  rng: RandomSource;
  /** Biases on the qkv and output projections. Default true (GPT-2). */
  bias?: boolean;
  /** Weight init of both projections (see `LinearOptions.init`). Default `normal` (GPT-2, std 0.02). */
  init?: WeightInit;
  /** Number of Transformer layers L: the output projection gets GPT-2's std 0.02/√(2L). Default: unscaled. */
  residualLayers?: number;
}

/** Per-call options of `MultiHeadAttention.forward`. */
export interface MultiHeadAttentionCall {
  /** Default `bidirectional`. */
  mask?: AttentionMask;
  /** With `causal`: length of the bidirectional prefix (prompt). Default 0. */
  prefixLength?: number;
}

const MhaConfigSchema = z.strictObject({
  type: z.literal('nn:multi-head-attention'),
  version: z.literal(1),
  dim: z.number().int().positive(),
  heads: z.number().int().positive(),
  bias: z.boolean(),
  init: z.enum(['normal', 'xavier-uniform', 'zeros']),
  residualLayers: z.number().int().positive().nullable(),
});

/** The serialisable config of a `MultiHeadAttention`. */
export type MultiHeadAttentionConfig = z.output<typeof MhaConfigSchema>;

/** Queries, keys and values split into heads, each [B, H, T, D]. */
export interface HeadProjections {
  q: tf.Tensor4D;
  k: tf.Tensor4D;
  v: tf.Tensor4D;
}

/** The four tensors of one multi-head attention (W stored [in, out]). */
export interface MultiHeadAttentionWeights {
  /** [C, 3C]: W_Q, W_K, W_V side by side. */
  qkvWeight: tf.Tensor2D;
  qkvBias?: tf.Tensor1D;
  /** [C, C]: W_O. */
  projWeight: tf.Tensor2D;
  projBias?: tf.Tensor1D;
}

/** x [B, T, C] → q, k, v [B, H, T, D] through the fused projection. */
export function splitHeads(
  x: tf.Tensor3D,
  qkvWeight: tf.Tensor2D,
  qkvBias: tf.Tensor1D | undefined,
  heads: number,
): HeadProjections {
  const C = x.shape[2];
  if (x.rank !== 3 || qkvWeight.shape[0] !== C || qkvWeight.shape[1] !== 3 * C || C % heads !== 0) {
    throw new ShapeError(
      'multiHeadAttention',
      `input [${x.shape}] does not fit qkv weight [${qkvWeight.shape}] with ${heads} heads`,
      'pass x [B, T, C], W [C, 3C], C divisible by heads',
    );
  }
  const qkv = () => linear(x, qkvWeight, qkvBias) as tf.Tensor3D; // [B, T, 3C]
  const [q, k, v] = tf.tidy(() => splitHeads3(qkv(), heads)); // 3 × [B, H, T, D]
  return { q, k, v };
}

/** Attention output [B, H, T, D] → concatenated heads [B, T, H·D] → ·W_O + b. */
export function mergeHeads(o: tf.Tensor4D, projWeight: tf.Tensor2D, projBias?: tf.Tensor1D): tf.Tensor3D {
  const [B, H, T, D] = o.shape;
  return tf.tidy(() => {
    const merged = tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [B, T, H * D]); // [B, T, C]
    return linear(merged, projWeight, projBias) as tf.Tensor3D; // ·W_O
  });
}

/**
 * Multi-head self-attention as a function of its weights: x [B, T, C] → [B, T, C].
 *
 * @example
 * multiHeadAttention(x, { qkvWeight, projWeight }, 4, { mask: 'causal' });
 */
export function multiHeadAttention(
  x: tf.Tensor3D,
  weights: MultiHeadAttentionWeights,
  heads: number,
  call: MultiHeadAttentionCall = {},
): tf.Tensor3D {
  return tf.tidy(() => {
    const { q, k, v } = splitHeads(x, weights.qkvWeight, weights.qkvBias, heads);
    const o = scaledDotProductAttention(q, k, v, {
      mask: call.mask ?? 'bidirectional',
      prefixLength: call.prefixLength ?? 0,
    });
    return mergeHeads(o, weights.projWeight, weights.projBias);
  });
}

/**
 * Self-attention over [B, T, C]. `projectQkv` and `mergeHeads` are public so a KV cache can run the
 * attention core on cached keys and values.
 *
 * @example
 * const attn = new MultiHeadAttention(256, 4, { rng, residualLayers: 4 });
 * const y = attn.forward(x, { mask: 'causal', prefixLength: 16 }); // [B, T, 256]
 */
export class MultiHeadAttention extends Module {
  readonly config: MultiHeadAttentionConfig;
  readonly heads: number;
  readonly headDim: number;
  readonly qkv: Linear;
  readonly proj: Linear;

  constructor(dim: number, heads: number, options: MultiHeadAttentionOptions) {
    super();
    if (!Number.isInteger(dim / heads)) {
      throw new OptionError('MultiHeadAttention', 'heads', heads, `a divisor of dim = ${dim}`);
    }
    this.config = parseConfig(
      MhaConfigSchema,
      {
        type: 'nn:multi-head-attention',
        version: 1,
        dim,
        heads,
        bias: options.bias ?? true,
        init: options.init ?? 'normal',
        residualLayers: options.residualLayers ?? null,
      },
      'MultiHeadAttention options',
    );
    this.heads = heads;
    this.headDim = dim / heads;
    const { bias, init } = this.config;
    this.qkv = this.module('qkv', new Linear(dim, 3 * dim, { rng: options.rng.split('qkv'), bias, init }));
    this.proj = this.module(
      'proj',
      new Linear(dim, dim, {
        rng: options.rng.split('proj'),
        bias,
        init,
        ...(options.residualLayers ? { residualLayers: options.residualLayers } : {}),
      }),
    );
  }

  /** The current weights, for `multiHeadAttention`. */
  weights(): MultiHeadAttentionWeights {
    return {
      qkvWeight: this.qkv.weight as tf.Tensor2D,
      projWeight: this.proj.weight as tf.Tensor2D,
      ...(this.qkv.bias ? { qkvBias: this.qkv.bias as tf.Tensor1D } : {}),
      ...(this.proj.bias ? { projBias: this.proj.bias as tf.Tensor1D } : {}),
    };
  }

  /** x [B, T, C] → q, k, v [B, H, T, D] (for a KV cache). */
  projectQkv(x: tf.Tensor3D): HeadProjections {
    if (x.rank !== 3 || x.shape[2] !== this.config.dim) {
      throw new ShapeError('MultiHeadAttention', `input [${x.shape}] is not [B, T, ${this.config.dim}]`);
    }
    return splitHeads(
      x,
      this.qkv.weight as tf.Tensor2D,
      this.qkv.bias as tf.Tensor1D | undefined,
      this.heads,
    );
  }

  /** Attention output [B, H, T, D] → [B, T, C] through the output projection (for a KV cache). */
  mergeHeads(o: tf.Tensor4D): tf.Tensor3D {
    return mergeHeads(o, this.proj.weight as tf.Tensor2D, this.proj.bias as tf.Tensor1D | undefined);
  }

  /** x [B, T, C] → [B, T, C]. */
  forward(x: tf.Tensor3D, call: MultiHeadAttentionCall = {}): tf.Tensor3D {
    if (x.rank !== 3 || x.shape[2] !== this.config.dim) {
      throw new ShapeError('MultiHeadAttention', `input [${x.shape}] is not [B, T, ${this.config.dim}]`);
    }
    return multiHeadAttention(x, this.weights(), this.heads, call);
  }
}
