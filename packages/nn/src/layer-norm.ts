/**
 * Layer normalisation — J. L. Ba, J. R. Kiros, G. E. Hinton, "Layer Normalization", arXiv:1607.06450, §3.
 *
 * Notation: x̂ = (x − μ)/√(σ² + ε) over the last axis (biased variance, as PyTorch), y = γ ⊙ x̂ + β.
 * The normalisation has a hand-written gradient (7 kernels instead of ~20 from autodiff):
 * dx = r · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂)), r = 1/√(σ² + ε).
 */
import { parseConfig } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { Module } from './module.js';

function normalizer(eps: number) {
  return tf.customGrad((xArg, save) => {
    const x = xArg as tf.Tensor;
    const mean = tf.mean(x, -1, true); // eq. (3): μ
    const centered = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centered), -1, true); // eq. (3): σ²
    const r = tf.rsqrt(tf.add(variance, eps));
    const xhat = tf.mul(centered, r);
    (save as tf.GradSaveFunc)([xhat, r]);
    return {
      value: xhat,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sh, sr] = saved as [tf.Tensor, tf.Tensor];
        const meanDy = tf.mean(dy, -1, true);
        const meanDyXhat = tf.mean(tf.mul(dy, sh), -1, true);
        return [tf.mul(sr, tf.sub(tf.sub(dy, meanDy), tf.mul(sh, meanDyXhat)))];
      },
    };
  });
}

const normalizers = new Map<number, ReturnType<typeof normalizer>>();

/**
 * LayerNorm over the last axis: γ ⊙ (x − μ)/√(σ² + ε) + β. `gamma`/`beta` [dim] are optional.
 *
 * @example
 * layerNorm(tf.tensor1d([1, 2, 3]), undefined, undefined, 0); // [−1.2247, 0, 1.2247]
 */
export function layerNorm(x: tf.Tensor, gamma?: tf.Tensor, beta?: tf.Tensor, eps = 1e-5): tf.Tensor {
  let norm = normalizers.get(eps);
  if (!norm) {
    norm = normalizer(eps);
    normalizers.set(eps, norm);
  }
  const f = norm;
  return tf.tidy(() => {
    let y = f(x);
    if (gamma) y = tf.mul(y, gamma);
    if (beta) y = tf.add(y, beta);
    return y;
  });
}

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  /** ε added to the variance. Default 1e-5 (PyTorch, GPT-2). */
  eps?: number;
  /** Learn a gain γ (init 1) and bias β (init 0), both excluded from weight decay. Default true. */
  affine?: boolean;
}

const LayerNormConfigSchema = z.strictObject({
  type: z.literal('nn:layer-norm'),
  version: z.literal(1),
  dim: z.number().int().positive(),
  eps: z.number().nonnegative(),
  affine: z.boolean(),
});

/** The serialisable config of a `LayerNorm`. */
export type LayerNormConfig = z.output<typeof LayerNormConfigSchema>;

/**
 * LayerNorm over the last axis of [..., dim].
 *
 * @example
 * const ln = new LayerNorm(256);
 * const y = ln.forward(x); // [B, T, 256], each row zero-mean unit-variance, then γ, β
 */
export class LayerNorm extends Module {
  readonly config: LayerNormConfig;
  readonly weight: tf.Variable | undefined;
  readonly bias: tf.Variable | undefined;

  constructor(dim: number, options: LayerNormOptions = {}) {
    super();
    this.config = parseConfig(
      LayerNormConfigSchema,
      { type: 'nn:layer-norm', version: 1, dim, eps: options.eps ?? 1e-5, affine: options.affine ?? true },
      'LayerNorm options',
    );
    this.weight = this.config.affine ? this.param('weight', tf.ones([dim]), { decay: false }) : undefined;
    this.bias = this.config.affine ? this.param('bias', tf.zeros([dim]), { decay: false }) : undefined;
  }

  /** [..., dim] → [..., dim]. */
  forward(x: tf.Tensor): tf.Tensor {
    return layerNorm(x, this.weight, this.bias, this.config.eps);
  }
}
